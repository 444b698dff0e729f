package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, on {@link FakeNode}s: forking, the up line, signals, restarts, logs. */
class NodeProcessIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path directory;

  private final List<NodeProcess> started = new ArrayList<>();

  @AfterEach
  void destroyProcesses() {
    started.forEach(NodeProcess::close);
  }

  private NodeProcess fakeNode(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(MultiJvmCluster.jvmFlags());
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(MultiJvmCluster.classPath());
    command.add(FakeNode.class.getName());
    command.addAll(List.of(args));
    NodeProcess node =
        new NodeProcess(
            "node-1",
            command,
            directory.resolve("work"),
            new NodeLog("node-1", directory.resolve("logs/first/node-1.log")));
    started.add(node);
    return node;
  }

  @Test
  void forksJvmWithTheBuildsFlagsAndReadsItsUpLine() {
    NodeProcess node = fakeNode("b");
    node.start();

    NodeProcess.UpLine up = node.awaitUp(TIMEOUT);

    assertThat(up.address()).isEqualTo("127.0.0.1:" + node.pid());
    assertThat(up.site()).isEqualTo("b");
    assertThat(up.httpUri()).contains("http://127.0.0.1:1");
    assertThat(MultiJvmCluster.jvmFlags())
        .as("the build passes locus.jvm.flags to the tests")
        .contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
    assertThat(node.tailText(NodeLog.KEPT_LINES))
        .contains("JVM flags: [" + String.join(", ", MultiJvmCluster.jvmFlags()));
  }

  @Test
  void writesStdoutAndStderrToTheCurrentLogFile() throws Exception {
    NodeProcess node = fakeNode();
    node.start();
    node.awaitUp(TIMEOUT);
    awaitLine(node, "stderr tick 1");

    Path second = directory.resolve("logs/second/node-1.log");
    node.log().switchTo(second);
    node.log().mark("second section");
    awaitLine(node, "stderr tick " + (lastTick(node) + 2));
    node.kill();
    Await.untilTrue(
        "the exit code in the log",
        TIMEOUT,
        () -> node.tailText(NodeLog.KEPT_LINES).contains("exit code 137"));

    String first = Files.readString(directory.resolve("logs/first/node-1.log"));
    assertThat(first).contains("Locus node 127.0.0.1:", "tick 0", "stderr tick 0");
    assertThat(first).doesNotContain("second section");
    assertThat(Files.readString(second))
        .contains("second section", "kill -KILL node-1", "exit code 137");
  }

  @Test
  void pausesResumesAndKills() {
    NodeProcess node = fakeNode();
    node.start();
    node.awaitUp(TIMEOUT);

    node.pause();
    assertThat(node.isPaused()).isTrue();
    assertThat(NodeProcess.state(node.pid())).isEqualTo('T');

    node.resume();
    assertThat(node.isPaused()).isFalse();
    long tick = lastTick(node);
    awaitLine(node, "tick " + (tick + 3));

    long pid = node.pid();
    node.kill();
    assertThat(node.isAlive()).isFalse();
    assertThat(ProcessHandle.of(pid)).isEmpty();
  }

  @Test
  void stopsWithSigtermSoTheNodeCanLeaveGracefully() {
    NodeProcess node = fakeNode();
    node.start();
    node.awaitUp(TIMEOUT);

    int exitCode = node.stop(TIMEOUT);

    assertThat(exitCode).isEqualTo(143);
    awaitLine(node, "leaving the cluster gracefully");
  }

  @Test
  void restartsWithTheSameCommandLineAsANewProcess() {
    NodeProcess node = fakeNode("c");
    node.start();
    long firstPid = node.pid();
    node.awaitUp(TIMEOUT);

    node.restart();
    NodeProcess.UpLine up = node.awaitUp(TIMEOUT);

    assertThat(node.pid()).isNotEqualTo(firstPid);
    assertThat(ProcessHandle.of(firstPid)).isEmpty();
    assertThat(up.address()).isEqualTo("127.0.0.1:" + node.pid());
    assertThat(up.site()).isEqualTo("c");
  }

  @Test
  void failsFastWithTheOutputWhenTheProcessEndsBeforeItsUpLine() {
    NodeProcess node = fakeNode("fail");
    node.start();

    assertThatThrownBy(() -> node.awaitUp(TIMEOUT))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("node-1 (pid ")
        .hasMessageContaining("ended before printing its up line (exit code 3)")
        .hasMessageContaining("fake node cannot start: asked to fail");
  }

  @Test
  void parsesUpLinesWithAndWithoutHttp() {
    assertThat(NodeProcess.UpLine.parse("Locus node 127.0.0.1:25520 up in site a"))
        .contains(new NodeProcess.UpLine("127.0.0.1:25520", "a", java.util.Optional.empty()));
    assertThat(
            NodeProcess.UpLine.parse(
                "Locus node 10.0.0.1:2552 up in site eu-1; HTTP API at http://10.0.0.1:8080"))
        .contains(
            new NodeProcess.UpLine(
                "10.0.0.1:2552", "eu-1", java.util.Optional.of("http://10.0.0.1:8080")));
    assertThat(NodeProcess.UpLine.parse("12:00:01 INFO Locus node starting")).isEmpty();
  }

  private static void awaitLine(NodeProcess node, String line) {
    Await.until(
        "line '" + line + "' from " + node.name(),
        TIMEOUT,
        () ->
            node.log().tail(NodeLog.KEPT_LINES).contains(line)
                ? java.util.Optional.of(line)
                : java.util.Optional.empty(),
        () -> "last lines:\n" + node.tailText(10));
  }

  private static long lastTick(NodeProcess node) {
    List<String> lines = node.log().tail(NodeLog.KEPT_LINES);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("tick ")) {
        return Long.parseLong(lines.get(i).substring("tick ".length()));
      }
    }
    return -1;
  }
}
