package dev.locus.cli.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that are not inside a string literal ({@code
 * 'it''s'}), a quoted identifier ({@code "a;b"}), a line comment ({@code -- ...}) or a block
 * comment ({@code /* ... *}{@code /}).
 */
public final class Statements {
  private Statements() {}

  /**
   * The statements of a text, trimmed and without their semicolons; statements with nothing but
   * white space and comments are left out. The text after the last semicolon is a statement too.
   */
  public static List<String> split(String text) {
    requireNonNull(text, "text is null");
    Scanner scanner = new Scanner(text);
    scanner.run();
    List<String> statements = new ArrayList<>(scanner.statements);
    if (scanner.significant) {
      statements.add(text.substring(scanner.statementStart).trim());
    }
    return statements;
  }

  /**
   * Whether the text ends a statement: its last character outside comments and white space is a
   * terminating semicolon (not one inside a literal, a quoted name or an unclosed comment).
   */
  public static boolean isTerminated(String text) {
    requireNonNull(text, "text is null");
    Scanner scanner = new Scanner(text);
    scanner.run();
    return scanner.state == State.CODE && !scanner.significant && scanner.endedWithSemicolon;
  }

  private enum State {
    CODE,
    STRING,
    QUOTED_NAME,
    LINE_COMMENT,
    BLOCK_COMMENT
  }

  private static final class Scanner {
    private final String text;
    private final List<String> statements = new ArrayList<>();
    private State state = State.CODE;
    private int statementStart;

    /** Whether the current statement has anything but white space and comments. */
    private boolean significant;

    /** Whether the last character outside comments and white space was a semicolon. */
    private boolean endedWithSemicolon;

    Scanner(String text) {
      this.text = text;
    }

    void run() {
      int length = text.length();
      int i = 0;
      while (i < length) {
        char c = text.charAt(i);
        char next = i + 1 < length ? text.charAt(i + 1) : '\0';
        switch (state) {
          case CODE -> {
            if (c == '-' && next == '-') {
              state = State.LINE_COMMENT;
              i++;
            } else if (c == '/' && next == '*') {
              state = State.BLOCK_COMMENT;
              i++;
            } else if (c == ';') {
              if (significant) {
                statements.add(text.substring(statementStart, i).trim());
              }
              endedWithSemicolon = true;
              significant = false;
              statementStart = i + 1;
            } else if (!Character.isWhitespace(c)) {
              significant = true;
              endedWithSemicolon = false;
              if (c == '\'') {
                state = State.STRING;
              } else if (c == '"') {
                state = State.QUOTED_NAME;
              }
            }
          }
          case STRING, QUOTED_NAME -> {
            char quote = state == State.STRING ? '\'' : '"';
            if (c == quote) {
              if (next == quote) {
                i++; // a doubled quote stands for itself
              } else {
                state = State.CODE;
              }
            }
          }
          case LINE_COMMENT -> {
            if (c == '\n' || c == '\r') {
              state = State.CODE;
            }
          }
          case BLOCK_COMMENT -> {
            if (c == '*' && next == '/') {
              state = State.CODE;
              i++;
            }
          }
        }
        i++;
      }
      if (state == State.LINE_COMMENT) {
        state = State.CODE;
      }
    }
  }
}
