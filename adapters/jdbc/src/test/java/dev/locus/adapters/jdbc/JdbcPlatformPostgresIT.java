package dev.locus.adapters.jdbc;

import static dev.locus.core.api.SortOrder.asc;
import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.length;
import static dev.locus.core.expr.Expressions.max;
import static dev.locus.core.expr.Expressions.upper;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcPlatformContract} on a real PostgreSQL server (collation C), plus what PostgreSQL does
 * differently: a column with a non-binary collation, UPPER, LENGTH, FULL joins.
 */
class JdbcPlatformPostgresIT extends JdbcPlatformContract {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start("C");
    server.execute(TABLES);
    server.execute(
        "CREATE TABLE \"NAMES\" (\"ID\" INT PRIMARY KEY, \"BINARY\" VARCHAR(10),"
            + " \"LOCALIZED\" VARCHAR(10) COLLATE \"C.utf8\", \"PADDED\" CHAR(4))",
        "INSERT INTO \"NAMES\" VALUES (1, 'b', 'b', 'b'), (2, 'B', 'B', 'B'), (3, 'ä', 'ä', 'a')");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Override
  void prepareDatabase() {}

  @Override
  String url() {
    return server.url();
  }

  @Test
  void ordersTextOnlyUnderABinaryCollation() {
    Table names = locus.read(JdbcSource.table(url(), "NAMES"));

    assertSameOrderedRows(names.select("ID", "BINARY").orderBy(asc(col("BINARY"))));
    assertThat(platform.cannotRun(names.orderBy(asc(col("LOCALIZED"))).plan()))
        .contains(
            "Sort by VARCHAR LOCALIZED is not pushed: ordering VARCHAR values follows the"
                + " collation of "
                + JdbcSource.displayUrl(url())
                + ", which is not binary (C or POSIX)");
    assertThat(platform.cannotRun(names.agg(max(col("LOCALIZED")).as("M")).plan()))
        .contains(
            "Aggregate MAX over VARCHAR is not pushed: ordering VARCHAR values follows the"
                + " collation of "
                + JdbcSource.displayUrl(url())
                + ", which is not binary (C or POSIX)");
    assertSameRows(names.filter(col("LOCALIZED").eq("ä")));
    assertThat(platform.cannotRun(names.filter(col("PADDED").eq("b")).plan()))
        .contains(
            "Filter (PADDED = 'b') is not pushed to PostgreSQL: a CHAR(n) column's trailing"
                + " spaces are ignored by PostgreSQL and kept by Locus");
    assertSameRows(names.select("ID", "PADDED"));
  }

  @Test
  void pushesLengthButNotCaseMapping() {
    Table names = locus.read(JdbcSource.table(url(), "NAMES"));

    assertSameRows(names.select(col("ID"), length(col("BINARY")).as("N")));
    assertThat(platform.cannotRun(names.select(upper(col("BINARY")).as("U")).plan()))
        .contains(
            "Project UPPER(BINARY) is not pushed to PostgreSQL: PostgreSQL maps case by the"
                + " database's locale, Locus by Unicode's root locale");
  }
}
