package dev.locus.adapters.jdbc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL 15 server that a test class starts itself ({@code initdb} and {@code pg_ctl} into a
 * temporary directory, on a free port, trusting local connections; as the {@code postgres} user
 * when the test runs as root, which PostgreSQL refuses) and stops when closed. {@link #start} skips
 * the test class, with a JUnit assumption, when the binaries are not installed.
 *
 * <pre>
 * private static PostgresServer server;
 * &#64;BeforeAll static void start() throws Exception { server = PostgresServer.start("C"); }
 * &#64;AfterAll static void stop() throws Exception { if (server != null) server.close(); }
 * </pre>
 */
public final class PostgresServer implements AutoCloseable {
  /** The newest installed server's binaries (Debian puts them in /usr/lib/postgresql/N/bin). */
  static final Path BINARIES = binaries();

  private static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (var versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(
              java.util.Comparator.comparingInt(
                  bin ->
                      Integer.parseInt(
                          bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(root.resolve("15/bin"));
    } catch (IOException e) {
      return root.resolve("15/bin");
    }
  }

  private final Path directory;
  private final String url;

  private PostgresServer(Path directory, String url) {
    this.directory = directory;
    this.url = url;
  }

  /** A server whose databases have the default collation {@code locale} (e.g. C, en_US.UTF-8). */
  public static PostgresServer start(String locale) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        Files.isExecutable(BINARIES.resolve("initdb"))
            && Files.isExecutable(BINARIES.resolve("pg_ctl")),
        "PostgreSQL server binaries are not installed in " + BINARIES);
    Path directory = Files.createTempDirectory("locus-postgres");
    if (runsAsRoot()) {
      Files.setOwner(
          directory,
          directory
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres"));
    }
    Path data = directory.resolve("data");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    run(
        BINARIES.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "locus",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=" + locale,
        "--no-sync");
    run(
        BINARIES.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        directory.resolve("server.log").toString(),
        "-o",
        "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "-w",
        "-t",
        "60",
        "start");
    return new PostgresServer(
        directory, "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=locus");
  }

  /** The URL of the {@code postgres} database, as user {@code locus} (no password). */
  public String url() {
    return url;
  }

  /** Runs statements (DDL, inserts) in the {@code postgres} database. */
  public void execute(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run(
          BINARIES.resolve("pg_ctl").toString(),
          "-D",
          directory.resolve("data").toString(),
          "-m",
          "immediate",
          "-w",
          "stop");
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (runsAsRoot()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Path log = Files.createTempFile("locus-postgres-command", ".log");
    try {
      Process process =
          new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("Timed out: " + line + "\n" + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "Exit " + process.exitValue() + ": " + line + "\n" + Files.readString(log));
      }
    } finally {
      Files.delete(log);
    }
  }
}
