package dev.locus.cli.sql;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive SQL prompt: {@code locus> }, line editing and history (JLine), statements ended
 * by {@code ;} (until then a line continues with the {@code -> } prompt), {@code quit}, {@code
 * exit} or Ctrl-D to leave, Ctrl-C to drop what was typed. A failed statement prints its error and
 * the prompt comes back.
 */
public final class SqlShell {
  public static final String PROMPT = "locus> ";
  public static final String CONTINUATION_PROMPT = "     -> ";

  /** Runs one statement, printing its result or its error to {@code out}. */
  @FunctionalInterface
  public interface StatementRunner {
    void run(String statement, PrintWriter out);
  }

  private final Terminal terminal;
  private final Path historyFile;
  private final StatementRunner runner;

  public SqlShell(Terminal terminal, Path historyFile, StatementRunner runner) {
    this.terminal = requireNonNull(terminal, "terminal is null");
    this.historyFile = requireNonNull(historyFile, "historyFile is null");
    this.runner = requireNonNull(runner, "runner is null");
  }

  /** Reads and runs statements until {@code quit}, {@code exit} or the end of the input. */
  public void run() {
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("locus")
            .parser(new StatementParser())
            .variable(LineReader.HISTORY_FILE, historyFile)
            .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
            // "!" is SQL (a != b), not a history reference.
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
    PrintWriter out = terminal.writer();
    while (true) {
      String text;
      try {
        text = reader.readLine(PROMPT);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        break;
      }
      if (isQuit(text)) {
        break;
      }
      for (String statement : Statements.split(text)) {
        runner.run(statement, out);
      }
      out.flush();
    }
    try {
      reader.getHistory().save();
    } catch (IOException e) {
      out.println("Warning: cannot save the history to " + historyFile + ": " + e.getMessage());
    }
    out.flush();
  }

  static boolean isQuit(String text) {
    String command = text.strip();
    if (command.endsWith(";")) {
      command = command.substring(0, command.length() - 1).strip();
    }
    command = command.toLowerCase(Locale.ROOT);
    return command.equals("quit") || command.equals("exit");
  }

  /** Accepts a line only when it ends a statement (or is blank, or quit/exit). */
  private static final class StatementParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE
          && !line.isBlank()
          && !isQuit(line)
          && !Statements.isTerminated(line)) {
        throw new EOFError(-1, -1, "statement not ended by ;");
      }
      return new WholeLine(line, cursor);
    }
  }

  /** The whole input as one word: the shell has no completion. */
  private record WholeLine(String line, int cursor) implements CompletingParsedLine {
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
      return candidate;
    }

    @Override
    public int rawWordCursor() {
      return cursor;
    }

    @Override
    public int rawWordLength() {
      return line.length();
    }

    @Override
    public String word() {
      return line;
    }

    @Override
    public int wordCursor() {
      return cursor;
    }

    @Override
    public int wordIndex() {
      return 0;
    }

    @Override
    public List<String> words() {
      return List.of(line);
    }
  }
}
