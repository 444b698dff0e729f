package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One forked JVM running a node, across restarts: the command line stays the same, each start makes
 * a new process. Its output goes to a {@link NodeLog}; its "up" line ({@code Locus node <host:port>
 * up in site <S>[; HTTP API at http://host:port]}) tells when it is ready.
 *
 * <p>Every process started here is destroyed when the test JVM exits, whatever the tests did.
 */
final class NodeProcess implements AutoCloseable {
  /** The line a node prints on stdout once it is up. */
  static final Pattern UP_LINE =
      Pattern.compile("Locus node (\\S+) up in site (\\S+?)(?:; HTTP API at (\\S+))?\\s*");

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    // Never leave JVMs behind, whatever the tests did (an aborted run, a failing @AfterAll).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroyForcibly), "multi-jvm-reaper"));
  }

  /** What a node said when it came up. */
  record UpLine(String address, String site, Optional<String> httpUri) {
    UpLine {
      requireNonNull(address, "address is null");
      requireNonNull(site, "site is null");
      requireNonNull(httpUri, "httpUri is null");
    }

    static Optional<UpLine> parse(String line) {
      Matcher matcher = UP_LINE.matcher(line);
      if (!matcher.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new UpLine(matcher.group(1), matcher.group(2), Optional.ofNullable(matcher.group(3))));
    }
  }

  private final String name;
  private final List<String> command;
  private final NodeLog log;
  private final Path workingDirectory;
  private volatile Process process;
  private volatile CompletableFuture<UpLine> up;
  private int starts;

  /**
   * @param name the node's name in logs and messages ("node-1")
   * @param command the full command line ({@code java ... dev.locus.cli.LocusCli node ...})
   * @param workingDirectory where the process runs
   * @param log where its output goes
   */
  NodeProcess(String name, List<String> command, Path workingDirectory, NodeLog log) {
    this.name = requireNonNull(name, "name is null");
    this.command = List.copyOf(requireNonNull(command, "command is null"));
    this.workingDirectory = requireNonNull(workingDirectory, "workingDirectory is null");
    this.log = requireNonNull(log, "log is null");
  }

  String name() {
    return name;
  }

  List<String> command() {
    return command;
  }

  NodeLog log() {
    return log;
  }

  /** Forks the process. Fails if the previous one is still alive. */
  synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running as pid " + process.pid());
    }
    starts++;
    log.mark("starting " + name + " (start " + starts + "): " + printable(command));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
    Process started;
    try {
      Files.createDirectories(workingDirectory);
      started = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + printable(command), e);
    }
    LIVE.add(started);
    CompletableFuture<UpLine> upLine = new CompletableFuture<>();
    process = started;
    up = upLine;
    long startNanos = System.nanoTime();
    Thread pump = new Thread(() -> pump(started, upLine, startNanos), name + "-output-" + starts);
    pump.setDaemon(true);
    pump.start();
  }

  /** Copies the process's output into the log and completes {@code upLine} on the up line. */
  private void pump(Process source, CompletableFuture<UpLine> upLine, long startNanos) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.append(line);
        if (!upLine.isDone()) {
          Optional<UpLine> parsed = UpLine.parse(line);
          if (parsed.isPresent()) {
            log.mark("up " + (System.nanoTime() - startNanos) / 1_000_000 + " ms after the start");
            upLine.complete(parsed.get());
          }
        }
      }
    } catch (IOException e) {
      log.mark("output of pid " + source.pid() + " unreadable: " + e);
    }
    String exit;
    try {
      exit =
          source.waitFor(10, TimeUnit.SECONDS)
              ? "exit code " + source.exitValue()
              : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit = "unknown exit code";
    }
    log.mark("output of pid " + source.pid() + " ended (" + exit + ")");
    LIVE.remove(source);
    upLine.completeExceptionally(
        new AssertionError(
            name + " (pid " + source.pid() + ") ended before printing its up line (" + exit + ")"));
  }

  /** Waits for the current process's up line; fails at once if the process ends first. */
  UpLine awaitUp(Duration timeout) {
    CompletableFuture<UpLine> upLine = requireStarted().up;
    try {
      return upLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          name + " printed no up line within " + timeout + "; its last lines:\n" + tailText(40), e);
    } catch (ExecutionException e) {
      throw new AssertionError(
          e.getCause().getMessage() + "; its last lines:\n" + tailText(40), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + name, e);
    }
  }

  /** The up line of the current process, if it printed one. */
  Optional<UpLine> upLine() {
    CompletableFuture<UpLine> upLine = up;
    if (upLine == null || !upLine.isDone() || upLine.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return Optional.of(upLine.join());
  }

  boolean isAlive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  long pid() {
    return requireStarted().process.pid();
  }

  /**
   * SIGKILL; returns once the process is gone. Sent with {@code kill}, not {@link
   * Process#destroyForcibly()}, which would also close our end of its output before we read the
   * last lines.
   */
  void kill() {
    Process current = requireStarted().process;
    log.mark("kill -KILL " + name + " (pid " + current.pid() + ")");
    signal("KILL", current.pid());
    awaitExit(current, Duration.ofSeconds(30));
  }

  /**
   * SIGTERM (a node leaves the cluster gracefully); returns the exit code once the process has
   * ended, failing if that takes longer than {@code timeout}.
   */
  int stop(Duration timeout) {
    Process current = requireStarted().process;
    log.mark("kill -TERM " + name + " (pid " + current.pid() + ")");
    // Not Process.destroy(): it closes our end of the output, losing what the node says as it
    // leaves.
    signal("TERM", current.pid());
    return awaitExit(current, timeout);
  }

  /** SIGSTOP; returns once the kernel reports the process stopped. */
  void pause() {
    long pid = pid();
    log.mark("kill -STOP " + name + " (pid " + pid + ")");
    signal("STOP", pid);
    Await.untilTrue(
        name + " (pid " + pid + ") to be stopped", Duration.ofSeconds(10), () -> state(pid) == 'T');
  }

  /** SIGCONT; returns once the kernel reports the process running again. */
  void resume() {
    long pid = pid();
    log.mark("kill -CONT " + name + " (pid " + pid + ")");
    signal("CONT", pid);
    Await.untilTrue(
        name + " (pid " + pid + ") to run again", Duration.ofSeconds(10), () -> state(pid) != 'T');
  }

  /** Whether the process is stopped by a signal (paused). */
  boolean isPaused() {
    return isAlive() && state(pid()) == 'T';
  }

  /** Kills the current process if it runs, then starts a new one with the same command line. */
  void restart() {
    if (isAlive()) {
      kill();
    }
    start();
  }

  /** The last {@code count} lines of output, one string. */
  String tailText(int count) {
    return String.join("\n", log.tail(count));
  }

  @Override
  public void close() {
    Process current = process;
    if (current != null && current.isAlive()) {
      log.mark("destroying " + name + " (pid " + current.pid() + ")");
      current.destroyForcibly();
      awaitExit(current, Duration.ofSeconds(30));
    }
    log.close();
  }

  /** The command line without the (long) class path. */
  static String printable(List<String> command) {
    List<String> shown = new java.util.ArrayList<>(command);
    int classPath = shown.indexOf("-cp");
    if (classPath >= 0 && classPath + 1 < shown.size()) {
      shown.set(classPath + 1, "<the test JVM's class path>");
    }
    return String.join(" ", shown);
  }

  private NodeProcess requireStarted() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return this;
  }

  private int awaitExit(Process current, Duration timeout) {
    try {
      if (!current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            name + " (pid " + current.pid() + ") did not end within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for " + name + " to end", e);
    }
    LIVE.remove(current);
    return current.exitValue();
  }

  private static void signal(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run kill -" + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while running kill -" + signal + " " + pid, e);
    }
  }

  /** The process state letter of {@code /proc/<pid>/stat} (R, S, D, T, Z, ...); 'X' when gone. */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": the name may hold spaces and parentheses, the state follows the last
      // ')'.
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (NoSuchFileException e) {
      return 'X';
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the state of process " + pid, e);
    }
  }
}
