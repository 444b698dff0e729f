package dev.locus.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Row;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GROUP BY, HAVING and aggregate functions through SQL, checked against H2. */
class SqlAggregatesIT {
  private static SqlOracle oracle;

  @BeforeAll
  static void setUp() {
    oracle = SqlOracle.create();
  }

  @AfterAll
  static void tearDown() {
    oracle.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT dept, active, COUNT(*), COUNT(name), SUM(salary), MIN(name), MAX(hired)"
            + " FROM emp GROUP BY dept, active",
        "SELECT g, COUNT(*), COUNT(d), SUM(d), MIN(d), MAX(d), SUM(i), SUM(b), MIN(x), MAX(x)"
            + " FROM nums GROUP BY g",
        "SELECT x, y, COUNT(*), MIN(v), MAX(v) FROM pa GROUP BY x, y",
        "SELECT dept, COUNT(*) FROM emp GROUP BY dept HAVING COUNT(*) > 1",
        "SELECT g, SUM(d) FROM nums GROUP BY g HAVING SUM(d) IS NULL",
        "SELECT g FROM nums GROUP BY g HAVING MIN(i) < 1 OR MAX(b) > 35",
        "SELECT dept, SUM(salary) FROM emp WHERE salary > 0 GROUP BY dept"
            + " HAVING SUM(salary) > 1000 AND dept IS NOT NULL",
        "SELECT COUNT(*), COUNT(dept), COUNT(name), COUNT(salary), COUNT(hired), COUNT(active)"
            + " FROM emp",
        "SELECT COUNT(DISTINCT dept), COUNT(DISTINCT salary), COUNT(DISTINCT name) FROM emp",
        "SELECT g, COUNT(DISTINCT d) FROM nums GROUP BY g",
        "SELECT g, COUNT(DISTINCT d), SUM(d), COUNT(*) FROM nums GROUP BY g",
        "SELECT dept, COUNT(DISTINCT active), COUNT(DISTINCT salary) FROM emp GROUP BY dept",
        "SELECT SUM(DISTINCT salary), SUM(salary) FROM emp",
        "SELECT dept, SUM(salary * 2), SUM(CASE WHEN active THEN 1 ELSE 0 END) FROM emp"
            + " GROUP BY dept",
        "SELECT EXTRACT(YEAR FROM hired), COUNT(*) FROM emp GROUP BY EXTRACT(YEAR FROM hired)",
        "SELECT UPPER(name), COUNT(*) FROM emp GROUP BY UPPER(name)",
        "SELECT dept + 1 AS next_dept, MAX(id) FROM emp GROUP BY dept + 1",
        "SELECT MIN(hired), MAX(hired), MIN(name), MAX(name), MIN(salary), MAX(salary) FROM emp",
        "SELECT active, COUNT(*) FROM emp GROUP BY active",
        "SELECT dept, MAX(salary) - MIN(salary) FROM emp GROUP BY dept",
        "SELECT COUNT(*) FROM emp GROUP BY dept",
        "SELECT acct, SUM(amount), COUNT(*), MIN(amount), MAX(amount) FROM ledger GROUP BY acct",
      })
  void groupingAndAggregates(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT g, AVG(d) FROM nums GROUP BY g",
        "SELECT AVG(salary), AVG(score), AVG(dept) FROM emp",
        "SELECT g, AVG(i), AVG(b), AVG(x) FROM nums GROUP BY g",
        "SELECT acct, AVG(amount) FROM ledger GROUP BY acct",
      })
  void averages(String sql) {
    // The engines choose different scales for AVG of a DECIMAL: compare to 1e-6.
    oracle.assertSameAsH2(sql, 1e-6);
  }

  /** AVG(1.00, 2.00, 2.00) is 1.666..., not 1.66 or 1.67 (the input's scale). */
  @Test
  void averageOfDecimalsKeepsFractionalDigits() {
    String sql = "SELECT AVG(d) FROM nums WHERE g = 'a'";
    oracle.assertSameAsH2(sql, 1e-6);
    BigDecimal average = (BigDecimal) oracle.locus().sql(sql).collect().get(0).get(0);
    assertThat(average.doubleValue())
        .isCloseTo(5.0 / 3.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  /** SUM of DECIMAL(12,2) money is exact to the cent, as plain Java BigDecimal addition is. */
  @Test
  void sumOfMoneyIsExactToTheCent() {
    BigDecimal expected = BigDecimal.ZERO;
    for (List<Object> row : SqlOracle.LEDGER_ROWS) {
      expected = expected.add((BigDecimal) row.get(2));
    }
    String sql = "SELECT SUM(amount) FROM ledger";
    oracle.assertSameAsH2(sql);
    BigDecimal sum = (BigDecimal) oracle.locus().sql(sql).collect().get(0).get(0);
    assertThat(sum).isEqualByComparingTo(expected);
    assertThat(sum.scale()).isEqualTo(2);
  }

  /** Without GROUP BY, aggregates over no rows give one row: COUNT 0, other aggregates NULL. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*), COUNT(v), SUM(v), AVG(v), MIN(s), MAX(k) FROM empty_t",
        "SELECT COUNT(*), SUM(salary), MIN(name), COUNT(DISTINCT dept) FROM emp WHERE id < 0",
        "SELECT COUNT(*) FROM empty_t",
        "SELECT SUM(k) + 1, COALESCE(SUM(v), 0) FROM empty_t",
        "SELECT COUNT(*) FROM empty_t HAVING COUNT(*) = 0",
      })
  void aggregatesOverNoRowsGiveOneRow(String sql) {
    oracle.assertSameAsH2(sql);
  }

  /** With GROUP BY, no input rows give no groups. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT k, COUNT(*), SUM(v) FROM empty_t GROUP BY k",
        "SELECT dept, COUNT(*) FROM emp WHERE id < 0 GROUP BY dept",
        "SELECT s, k, MAX(v) FROM empty_t GROUP BY s, k HAVING COUNT(*) >= 0",
      })
  void groupByOverNoRowsGivesNoRows(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @Test
  void groupByOverNoRowsReturnsAnEmptyResult() {
    List<Row> rows = oracle.locus().sql("SELECT k, COUNT(*) FROM empty_t GROUP BY k").collect();
    assertThat(rows).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*) FILTER (WHERE active), SUM(salary) FILTER (WHERE dept = 10) FROM emp",
        "SELECT dept, COUNT(name) FILTER (WHERE salary > 0) FROM emp GROUP BY dept",
      })
  void aggregateFilterClause(String sql) {
    oracle.assertSameAsH2(sql);
  }
}
