package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.cluster.NodeConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code locus node}: options into a {@link NodeConfig}, and what bad options print. */
class NodeCommandTest {
  private record Run(int exitCode, String out, String err) {}

  private static Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = LocusCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static NodeConfig config(String... args) {
    CommandLine commandLine = LocusCli.commandLine();
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    NodeCommand node = (NodeCommand) parsed.subcommand().commandSpec().userObject();
    return node.config();
  }

  @Test
  void buildsTheNodeConfigFromEveryOption(@TempDir Path directory) {
    NodeConfig config =
        config(
            "node",
            "--role",
            "coordinator,worker",
            "--host",
            "10.0.0.1",
            "--port",
            "25520",
            "--seed",
            "10.0.0.2:25520",
            "--seed",
            "10.0.0.3:25521",
            "--site",
            "eu",
            "--http-port",
            "9090",
            "--jdbc",
            "sales=jdbc:h2:mem:sales;user=sa",
            "--csv",
            "stock=" + directory,
            "--tpch",
            "--token",
            "s3cret",
            "--parallelism",
            "3");

    assertThat(config)
        .isEqualTo(
            new NodeConfig(
                Set.of(NodeConfig.Role.COORDINATOR, NodeConfig.Role.WORKER),
                "10.0.0.1",
                25520,
                List.of("10.0.0.2:25520", "10.0.0.3:25521"),
                "eu",
                9090,
                Map.of("sales", "jdbc:h2:mem:sales;user=sa"),
                Map.of("stock", directory),
                true,
                "s3cret",
                3));
  }

  @Test
  void rolesRepeatOrComeAsAListInAnyCase() {
    NodeConfig repeated =
        config(
            "node",
            "--role",
            "Coordinator",
            "--role",
            "WORKER",
            "--host",
            "h",
            "--port",
            "1",
            "--site",
            "a");
    NodeConfig listed =
        config("node", "--role", "coordinator,worker", "--host", "h", "--port", "1", "--site", "a");

    assertThat(repeated.roles())
        .isEqualTo(listed.roles())
        .containsExactlyInAnyOrder(NodeConfig.Role.COORDINATOR, NodeConfig.Role.WORKER);
  }

  @Test
  void aCoordinatorServesHttpOn8080AndAWorkerNone() {
    NodeConfig coordinator =
        config("node", "--role", "coordinator", "--host", "h", "--port", "0", "--site", "a");
    NodeConfig worker =
        config(
            "node", "--role", "worker", "--host", "h", "--port", "0", "--site", "a", "--seed",
            "h:25520");

    assertThat(coordinator.httpPort()).isEqualTo(NodeCommand.DEFAULT_HTTP_PORT);
    assertThat(coordinator.token()).isNull();
    assertThat(coordinator.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(worker.httpPort()).isEqualTo(-1);
    assertThat(worker.seeds()).containsExactly("h:25520");
  }

  @Test
  void anUnknownRoleIsAUsageError() {
    Run run = locus("node", "--role", "boss", "--host", "h", "--port", "1", "--site", "a");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "Invalid value for option '--role' (ROLE): expected coordinator or worker; found"
                + " 'boss'\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingSiteIsAUsageError() {
    Run run = locus("node", "--role", "worker", "--host", "h", "--port", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Missing required option: '--site=SITE'\n");
  }

  @Test
  void aMalformedJdbcOptionIsOneErrorLine() {
    Run run =
        locus(
            "node",
            "--role",
            "worker",
            "--host",
            "h",
            "--port",
            "1",
            "--site",
            "a",
            "--jdbc",
            "jdbc:h2:mem:x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: --jdbc takes NAME=JDBC_URL; found 'jdbc:h2:mem:x'\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void badOptionsAreOneErrorLineEach(@TempDir Path directory) {
    String[] base = {"node", "--host", "h", "--port", "1", "--site", "a"};

    assertThat(error(base, "--role", "worker", "--http-port", "8080"))
        .isEqualTo(
            "Error: --http-port serves the HTTP API, which only coordinator nodes do; this node's"
                + " roles are [worker]\n");
    assertThat(error(base, "--role", "worker", "--seed", "h"))
        .isEqualTo("Error: --seed takes HOST:PORT; found 'h'\n");
    assertThat(error(base, "--role", "worker", "--seed", "h:x"))
        .isEqualTo("Error: --seed takes HOST:PORT; found 'h:x'\n");
    assertThat(error(base, "--role", "worker", "--seed", "h:70000"))
        .isEqualTo("Error: --seed h:70000: the port must be in [0, 65535]; found 70000\n");
    assertThat(error(base, "--role", "worker", "--parallelism", "0"))
        .isEqualTo("Error: --parallelism must be at least 1; found 0\n");
    Path missing = directory.resolve("missing");
    assertThat(error(base, "--role", "worker", "--csv", "stock=" + missing))
        .isEqualTo("Error: --csv stock=" + missing + ": " + missing + " is not a directory\n");
    assertThat(error(base, "--role", "worker", "--tpch", "--jdbc", "TPCH=jdbc:h2:mem:x"))
        .isEqualTo(
            "Error: Catalog name 'TPCH' is declared twice on this node: by --tpch and --jdbc"
                + " TPCH=jdbc:h2:mem:x\n");
  }

  private static String error(String[] base, String... more) {
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    Run run = locus(args);
    assertThat(run.exitCode()).isEqualTo(1);
    return run.err();
  }

  @Test
  void helpShowsAnExample() {
    Run run = locus("node", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Example: locus node --role coordinator,worker");
  }
}
