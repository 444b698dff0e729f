package dev.locus.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementsTest {
  @Test
  void splitsAtSemicolonsAndDropsEmptyStatements() {
    assertThat(Statements.split("SELECT 1;\n SELECT 2 ;\n\n;  "))
        .containsExactly("SELECT 1", "SELECT 2");
    assertThat(Statements.split("SELECT 1")).containsExactly("SELECT 1");
    assertThat(Statements.split("  ;\n-- nothing\n")).isEmpty();
  }

  @Test
  void ignoresSemicolonsInLiteralsQuotedNamesAndComments() {
    String text =
        """
        SELECT 'a;b', 'it''s;' AS "x;""y" -- one; comment
        FROM t /* block; comment */ WHERE c = ';';
        SELECT 2 -- last
        """;

    assertThat(Statements.split(text))
        .containsExactly(
            "SELECT 'a;b', 'it''s;' AS \"x;\"\"y\" -- one; comment\n"
                + "FROM t /* block; comment */ WHERE c = ';'",
            "SELECT 2 -- last");
  }

  @Test
  void anUnclosedLiteralRunsToTheEnd() {
    assertThat(Statements.split("SELECT 'a; b")).containsExactly("SELECT 'a; b");
  }

  @Test
  void knowsWhenATextEndsAStatement() {
    assertThat(Statements.isTerminated("SELECT 1;")).isTrue();
    assertThat(Statements.isTerminated("SELECT 1;  -- done\n")).isTrue();
    assertThat(Statements.isTerminated("SELECT 1; SELECT 2;")).isTrue();
    assertThat(Statements.isTerminated(";")).isTrue();
    assertThat(Statements.isTerminated("SELECT 1")).isFalse();
    assertThat(Statements.isTerminated("SELECT 1; SELECT")).isFalse();
    assertThat(Statements.isTerminated("SELECT ';")).isFalse();
    assertThat(Statements.isTerminated("SELECT 1 /* ; */")).isFalse();
    assertThat(Statements.isTerminated("SELECT 1 /* ;")).isFalse();
    assertThat(Statements.isTerminated("SELECT 1 -- ;")).isFalse();
    assertThat(Statements.isTerminated("")).isFalse();
  }
}
