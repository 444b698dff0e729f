package dev.locus.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a user sees when a SQL query is wrong: the error code and a message to act on. */
class SqlErrorsTest {
  private static SqlOracle oracle;
  private static Locus locus;

  @BeforeAll
  static void setUp() {
    oracle = SqlOracle.create();
    locus = oracle.locus();
  }

  @AfterAll
  static void tearDown() {
    oracle.close();
  }

  /** Plans and runs the query; it must fail with a LocusException of this code. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String sql, ErrorCode code) {
    return assertThatThrownBy(() -> locus.sql(sql).collect())
        .as("error of %s", sql)
        .isInstanceOf(LocusException.class)
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((LocusException) e).code())
                    .as("error code of: %s", e.getMessage())
                    .isEqualTo(code));
  }

  @Test
  void syntaxErrorReportsLineAndColumn() {
    assertFails("SELECT * FORM emp", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith("SQL syntax error at line 1, column 15")
        .hasMessageContaining("emp");
  }

  @Test
  void syntaxErrorOnALaterLineReportsThatLine() {
    assertFails("SELECT id\nFROM emp\nWHERE id = = 1", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith("SQL syntax error at line 3, column 10")
        .hasMessageContaining("Encountered \"= =\"");
  }

  @Test
  void unfinishedQueryIsASyntaxError() {
    assertFails("SELECT id FROM", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith("SQL syntax error at line 1, column 14");
  }

  @Test
  void unknownTableListsTheExistingTables() {
    assertFails("SELECT * FROM employees", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith("Table 'employees' not found at line 1, column 15")
        .hasMessageContaining("available tables: [days, dept, emp, empty_t, ledger, nums, pa, pb]");
  }

  @Test
  void unknownTableInAJoinIsNamed() {
    assertFails("SELECT * FROM emp e JOIN depts d ON e.dept = d.dept_id", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageContaining("Table 'depts' not found")
        .hasMessageContaining("dept, emp");
  }

  @Test
  void unknownColumnListsTheColumns() {
    assertFails("SELECT salry FROM emp", ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageStartingWith("Column 'salry' not found at line 1, column 8")
        .hasMessageContaining(
            "available columns: [emp.id, emp.dept, emp.name, emp.salary, emp.score, emp.hired,"
                + " emp.active]");
  }

  @Test
  void unknownQualifiedColumnNamesItsTable() {
    assertFails(
            "SELECT e.id FROM emp e JOIN dept d ON e.dept = d.dept_id WHERE d.budgett > 0",
            ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageContaining("Column 'budgett' not found in table 'd'")
        .hasMessageContaining("dept.budget")
        .hasMessageContaining("emp.salary");
  }

  @Test
  void windowFunctionIsNamedAsUnsupported() {
    assertFails("SELECT id, ROW_NUMBER() OVER () FROM emp", ErrorCode.NOT_SUPPORTED)
        .hasMessageStartingWith("SQL feature not supported: ")
        .hasMessageContaining("ROW_NUMBER");
  }

  @Test
  void windowAggregateIsNamedAsUnsupported() {
    assertFails("SELECT id, SUM(salary) OVER (PARTITION BY dept) FROM emp", ErrorCode.NOT_SUPPORTED)
        .hasMessageStartingWith("SQL feature not supported: ")
        .hasMessageContaining("OVER");
  }

  @Test
  void groupingSetsAreNamedAsUnsupported() {
    assertFails(
            "SELECT dept, active, COUNT(*) FROM emp GROUP BY GROUPING SETS ((dept), (active))",
            ErrorCode.NOT_SUPPORTED)
        .hasMessage("SQL feature not supported: GROUPING SETS, ROLLUP and CUBE");
  }

  @Test
  void rollupIsNamedAsUnsupported() {
    assertFails("SELECT dept, COUNT(*) FROM emp GROUP BY ROLLUP (dept)", ErrorCode.NOT_SUPPORTED)
        .hasMessage("SQL feature not supported: GROUPING SETS, ROLLUP and CUBE");
  }

  @Test
  void comparingADateWithABooleanIsATypeMismatch() {
    assertFails("SELECT id FROM emp WHERE hired = active", ErrorCode.TYPE_MISMATCH)
        .hasMessageContaining("line 1, column 26")
        .hasMessageContaining("DATE")
        .hasMessageContaining("BOOLEAN");
  }

  @Test
  void addingANumberToANonNumericStringFails() {
    // Calcite coerces the string literal to a number; 'a' is no number.
    assertFails("SELECT 'a' + 1", ErrorCode.INVALID_CAST).hasMessageContaining("'a'");
  }

  @Test
  void addingABooleanToANumberIsATypeMismatch() {
    assertFails("SELECT active + 1 FROM emp", ErrorCode.TYPE_MISMATCH)
        .hasMessageContaining("BOOLEAN")
        .hasMessageContaining("+");
  }

  @Test
  void integerDivisionByZeroFailsAtRunTime() {
    assertFails("SELECT id / (dept - dept) FROM emp", ErrorCode.DIVISION_BY_ZERO)
        .hasMessageContaining("zero");
  }

  @Test
  void decimalDivisionByZeroFailsAtRunTime() {
    // emp 3 earns 0.00.
    assertFails("SELECT id, 100 / salary FROM emp", ErrorCode.DIVISION_BY_ZERO)
        .hasMessageContaining("zero");
  }

  @Test
  void moduloByZeroFailsAtRunTime() {
    assertFails("SELECT id % (id - id) FROM emp", ErrorCode.DIVISION_BY_ZERO)
        .hasMessageContaining("zero");
  }

  @Test
  void integerOverflowFailsAtRunTime() {
    assertFails("SELECT 2147483647 + id FROM emp", ErrorCode.NUMERIC_OVERFLOW)
        .hasMessageContaining("overflow");
  }

  @Test
  void scalarSubqueryReturningSeveralRowsIsAnError() {
    // dept 10 has two rows: picking one silently would give a wrong answer.
    assertFails(
            "SELECT id, (SELECT dname FROM dept WHERE dept_id = 10) FROM emp",
            ErrorCode.INVALID_ARGUMENT)
        .hasMessageContaining("more than one row");
  }

  @Test
  void correlatedScalarSubqueryReturningSeveralRowsIsAnError() {
    assertFails(
            "SELECT id, (SELECT d.dname FROM dept d WHERE d.dept_id = e.dept) FROM emp e",
            ErrorCode.INVALID_ARGUMENT)
        .hasMessageContaining("more than one row");
  }

  @Test
  void scalarSubqueryInWhereReturningSeveralRowsIsAnError() {
    assertFails(
            "SELECT id FROM emp WHERE salary > (SELECT budget FROM dept)",
            ErrorCode.INVALID_ARGUMENT)
        .hasMessageContaining("more than one row");
  }

  @Test
  void invalidCastOfTextFailsAtRunTime() {
    assertFails("SELECT CAST(name AS INT) FROM emp", ErrorCode.INVALID_CAST)
        .hasMessageContaining("Alice");
  }
}
