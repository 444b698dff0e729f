package dev.locus.cli;

import java.io.IOException;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/** Whether this process's standard error is a terminal (Java has no API of its own for it). */
final class StandardError {
  private StandardError() {}

  static boolean isTerminal() {
    try {
      return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
    } catch (IOException | RuntimeException e) {
      // No way to ask (no 'test' command, an unusual platform): a console means a terminal.
      return System.console() != null;
    }
  }
}
