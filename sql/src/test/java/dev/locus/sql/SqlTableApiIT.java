package dev.locus.sql;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.countStar;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.SortOrder;
import dev.locus.core.api.Table;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL and the Table API together: SQL results refined with Table methods, Tables registered as
 * views that SQL reads, and case-insensitive names. Checked against H2.
 */
class SqlTableApiIT {
  private static SqlOracle oracle;
  private static Locus locus;

  @BeforeAll
  static void setUp() {
    oracle = SqlOracle.create();
    locus = oracle.locus();
    // A SQL query registered as a view.
    locus.register("rich", locus.sql("SELECT * FROM emp WHERE salary > 1000"));
    oracle.h2Execute("CREATE VIEW rich AS SELECT * FROM emp WHERE salary > 1000");
    // A Table API plan registered as a view.
    Table emp = locus.values(SqlOracle.EMP, SqlOracle.EMP_ROWS);
    locus.register(
        "active_emp",
        emp.filter(col("active"))
            .withColumn("pay2", col("salary").times(2))
            .select("id", "dept", "name", "pay2"));
    oracle.h2Execute(
        "CREATE VIEW active_emp AS SELECT id, dept, name, salary * 2 AS pay2 FROM emp"
            + " WHERE active");
    // Names in mixed case.
    oracle.load(
        "MixedCase",
        Schema.of(
            Field.nullable("MixedCol", DataType.INT), Field.nullable("other", DataType.VARCHAR)),
        List.of(SqlOracle.row(1, "one"), SqlOracle.row(2, "two"), SqlOracle.row(null, "none")));
  }

  @AfterAll
  static void tearDown() {
    oracle.close();
  }

  @Test
  void sqlResultFilteredWithTheTableApi() {
    Table table =
        locus.sql("SELECT id, salary FROM emp WHERE dept = 10").filter(col("salary").gt(1500));
    oracle.assertSameAsH2(table, "SELECT id, salary FROM emp WHERE dept = 10 AND salary > 1500");
  }

  @Test
  void sqlResultAggregatedWithTheTableApi() {
    Table table =
        locus
            .sql("SELECT dept, salary FROM emp")
            .groupBy("dept")
            .agg(countStar(), sum(col("salary")));
    oracle.assertSameAsH2(table, "SELECT dept, COUNT(*), SUM(salary) FROM emp GROUP BY dept");
  }

  @Test
  void sqlResultsJoinedWithTheTableApi() {
    Table table =
        locus
            .sql("SELECT id, dept FROM emp")
            .join(locus.sql("SELECT dept_id, dname FROM dept"), col("dept").eq(col("dept_id")))
            .select("id", "dname");
    oracle.assertSameAsH2(
        table, "SELECT e.id, d.dname FROM emp e JOIN dept d ON e.dept = d.dept_id");
  }

  @Test
  void sqlResultOrderedAndLimitedWithTheTableApi() {
    Table table =
        locus
            .sql("SELECT salary FROM emp")
            .orderBy(SortOrder.desc(col("salary")).withNullsLast())
            .limit(3);
    oracle.assertSameAsH2(table, "SELECT salary FROM emp ORDER BY salary DESC NULLS LAST LIMIT 3");
  }

  @Test
  void sqlColumnAliasesNameTheTableColumns() {
    Table table = locus.sql("SELECT id AS ident, salary * 2 AS pay FROM emp");
    assertThat(table.schema().names()).containsExactly("ident", "pay");
    oracle.assertSameAsH2(
        table.filter(col("pay").gt(100)).select("ident"),
        "SELECT id FROM emp WHERE salary * 2 > 100");
  }

  @Test
  void sqlResultExecutesAndExplains() {
    Table table = locus.sql("SELECT e.id, d.dname FROM emp e JOIN dept d ON e.dept = d.dept_id");
    assertThat(table.explain()).isNotBlank();
    assertThat(table.execute().rows())
        .hasSameSizeAs(
            oracle.h2Rows("SELECT e.id, d.dname FROM emp e JOIN dept d ON e.dept = d.dept_id"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT COUNT(*), SUM(salary) FROM rich",
        "SELECT r.id, d.dname FROM rich r JOIN dept d ON r.dept = d.dept_id",
        "SELECT id, dept, name, pay2 FROM active_emp",
        "SELECT a.name, r.name FROM active_emp a JOIN rich r ON a.id = r.id",
        "SELECT dept, SUM(pay2) FROM active_emp GROUP BY dept",
        "SELECT id FROM emp WHERE id NOT IN (SELECT id FROM active_emp)",
      })
  void registeredTablesAreViews(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT ID, Salary FROM EMP WHERE DEPT = 10",
        "select e.NAME, D.dname from Emp E join DEPT d on E.Dept = D.DEPT_ID",
        "SELECT mixedcol, OTHER FROM mixedcase",
        "SELECT MIXEDCOL FROM MIXEDCASE WHERE MixedCol > 1",
        "SELECT m.mixedCOL, e.id FROM MixedCase m JOIN emp e ON m.MIXEDCOL = e.ID",
        "SELECT Dept, COUNT(*) FROM Emp GROUP BY DEPT HAVING count(*) > 1",
        "WITH Cte AS (SELECT Id FROM EMP) SELECT cte.ID FROM CTE",
      })
  void namesAreCaseInsensitive(String sql) {
    oracle.assertSameAsH2(sql);
  }
}
