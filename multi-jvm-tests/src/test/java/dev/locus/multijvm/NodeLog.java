package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The output (stdout and stderr) of one node across its restarts: written line by line to the log
 * file of the test that is running, and the last lines kept in memory to print when a test fails.
 */
final class NodeLog implements AutoCloseable {
  /** Lines kept in memory. */
  static final int KEPT_LINES = 400;

  /** Files opened by this JVM: a file from an earlier run is replaced, not appended to. */
  private static final java.util.Set<Path> OPENED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String nodeName;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private BufferedWriter writer;
  private Path file;

  NodeLog(String nodeName, Path file) {
    this.nodeName = requireNonNull(nodeName, "nodeName is null");
    switchTo(file);
  }

  /**
   * From now on, writes to {@code newFile} (its directory is created); a file this JVM wrote before
   * is appended to, one left by an earlier run replaced.
   */
  synchronized void switchTo(Path newFile) {
    requireNonNull(newFile, "newFile is null");
    closeWriter();
    try {
      Files.createDirectories(newFile.toAbsolutePath().getParent());
      boolean first = OPENED.add(newFile.toAbsolutePath().normalize());
      writer =
          Files.newBufferedWriter(
              newFile,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              first ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
      file = newFile;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open log file " + newFile + " of " + nodeName, e);
    }
  }

  /** Adds one line; flushed at once so that the file is complete whatever happens next. */
  synchronized void append(String line) {
    if (lastLines.size() == KEPT_LINES) {
      lastLines.removeFirst();
    }
    lastLines.addLast(line);
    if (writer != null) {
      try {
        writer.write(line);
        writer.newLine();
        writer.flush();
      } catch (IOException e) {
        // The in-memory tail still has the line; losing the file must not fail the test.
        lastLines.addLast("[harness] cannot write " + file + ": " + e);
        writer = null;
      }
    }
  }

  /** A line from the harness itself (start, kill, restart, test boundaries). */
  void mark(String event) {
    append("[harness " + java.time.LocalTime.now() + "] " + event);
  }

  /** The last {@code count} lines (at most {@link #KEPT_LINES}). */
  synchronized List<String> tail(int count) {
    List<String> all = new ArrayList<>(lastLines);
    return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
  }

  synchronized Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    closeWriter();
  }

  private void closeWriter() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        lastLines.addLast("[harness] cannot close " + file + ": " + e);
      }
      writer = null;
    }
  }
}
