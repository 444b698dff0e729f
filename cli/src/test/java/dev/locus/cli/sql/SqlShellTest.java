package dev.locus.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlShellTest {
  private final List<String> statements = new ArrayList<>();

  private String session(String input, Path history) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (Terminal terminal =
        new DumbTerminal(
            "test",
            Terminal.TYPE_DUMB,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            output,
            StandardCharsets.UTF_8)) {
      new SqlShell(
              terminal,
              history,
              (statement, out) -> {
                statements.add(statement);
                if (statement.contains("bad")) {
                  out.println("Error: bad statement");
                } else {
                  out.println("ran " + statement.replace('\n', ' '));
                }
              })
          .run();
    }
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsStatementsEndedBySemicolonsAcrossLinesUntilQuit(@TempDir Path directory)
      throws IOException {
    Path history = directory.resolve("history");

    String output =
        session(
            "SELECT 1\n, 'a;b' != 'c'\n;\nSELECT bad;\nSELECT 2; SELECT 3;\n\nquit\nSELECT 4;\n",
            history);

    assertThat(statements)
        .containsExactly("SELECT 1\n, 'a;b' != 'c'", "SELECT bad", "SELECT 2", "SELECT 3");
    // A dumb terminal shows no continuation prompt: JLine draws it when it redraws the lines.
    assertThat(output)
        .isEqualTo(
            "locus> ran SELECT 1 , 'a;b' != 'c'\n"
                + "locus> Error: bad statement\n"
                + "locus> ran SELECT 2\n"
                + "ran SELECT 3\n"
                + "locus> locus> ");
    assertThat(Files.readString(history)).contains("SELECT bad;").contains("SELECT 2; SELECT 3;");
  }

  @Test
  void leavesAtTheEndOfTheInput(@TempDir Path directory) throws IOException {
    String output = session("SELECT 1;\nSELECT 2", directory.resolve("history"));

    assertThat(statements).containsExactly("SELECT 1");
    assertThat(output).contains("ran SELECT 1");
  }

  @Test
  void knowsQuitAndExit() {
    assertThat(SqlShell.isQuit(" quit ")).isTrue();
    assertThat(SqlShell.isQuit("EXIT;")).isTrue();
    assertThat(SqlShell.isQuit("quit it")).isFalse();
  }
}
