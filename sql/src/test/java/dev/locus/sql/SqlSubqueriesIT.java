package dev.locus.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scalar, EXISTS and IN subqueries, correlated or not, checked against H2. */
class SqlSubqueriesIT {
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
        "SELECT id FROM emp WHERE salary > (SELECT AVG(salary) FROM emp)",
        "SELECT id FROM emp WHERE dept = (SELECT MIN(dept_id) FROM dept)",
        "SELECT id FROM emp WHERE salary > (SELECT MAX(v) FROM empty_t)",
        "SELECT id, salary - (SELECT MIN(salary) FROM emp) FROM emp",
        "SELECT id, (SELECT COUNT(*) FROM dept) FROM emp",
        "SELECT (SELECT MAX(id) FROM emp), (SELECT SUM(v) FROM empty_t)",
        "SELECT id, (SELECT budget FROM dept WHERE dname = 'Eng') FROM emp",
        "SELECT id, (SELECT v FROM empty_t) FROM emp",
        "SELECT dept, SUM(salary) FROM emp GROUP BY dept"
            + " HAVING SUM(salary) > (SELECT AVG(budget) FROM dept)",
      })
  void uncorrelatedScalarSubqueries(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM emp e WHERE salary > (SELECT AVG(salary) FROM emp e2"
            + " WHERE e2.dept = e.dept)",
        "SELECT id FROM emp e WHERE salary >= (SELECT MAX(salary) FROM emp e2"
            + " WHERE e2.dept = e.dept)",
        "SELECT id, (SELECT MAX(budget) FROM dept d WHERE d.dept_id = e.dept) FROM emp e",
        "SELECT d.dname, (SELECT COUNT(*) FROM emp e WHERE e.dept = d.dept_id) FROM dept d",
        "SELECT d.dname, (SELECT SUM(e.salary) FROM emp e WHERE e.dept = d.dept_id) FROM dept d",
        "SELECT d.dname FROM dept d WHERE (SELECT COUNT(*) FROM emp e WHERE e.dept = d.dept_id) = 0",
        "SELECT e.id FROM emp e WHERE e.salary > (SELECT MIN(d.budget) FROM dept d"
            + " WHERE d.budget > e.salary / 2)",
        "SELECT e.id, (SELECT COUNT(*) FROM emp e2 WHERE e2.salary < e.salary) FROM emp e",
      })
  void correlatedScalarSubqueries(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT dname FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept_id)",
        "SELECT dname FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.dept_id)",
        "SELECT id FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d WHERE d.dept_id = e.dept)",
        "SELECT id FROM emp WHERE EXISTS (SELECT 1 FROM empty_t)",
        "SELECT id FROM emp WHERE NOT EXISTS (SELECT 1 FROM empty_t)",
        "SELECT id FROM emp WHERE EXISTS (SELECT 1 FROM dept WHERE budget > 9000)",
        "SELECT e.id FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.dept_id = e.dept"
            + " AND d.budget > e.salary)",
        "SELECT e.id FROM emp e WHERE EXISTS (SELECT 1 FROM dept d WHERE d.budget < e.salary)",
        "SELECT e.id FROM emp e WHERE NOT EXISTS (SELECT 1 FROM dept d"
            + " WHERE d.budget < e.salary)",
        "SELECT a.v FROM pa a WHERE EXISTS (SELECT 1 FROM pb b WHERE b.x = a.x AND b.y > a.y)",
        "SELECT a.v FROM pa a WHERE NOT EXISTS (SELECT 1 FROM pb b WHERE b.x = a.x"
            + " AND b.y = a.y)",
        "SELECT id, EXISTS (SELECT 1 FROM dept d WHERE d.dept_id = e.dept) FROM emp e",
      })
  void existsSubqueries(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM emp WHERE dept IN (SELECT dept_id FROM dept)",
        "SELECT id FROM emp WHERE dept IN (SELECT dept_id FROM dept WHERE budget > 3000)",
        "SELECT id FROM emp WHERE dept IN (SELECT k FROM empty_t)",
        "SELECT a.v FROM pa a WHERE (a.x, a.y) IN (SELECT b.x, b.y FROM pb b)",
        "SELECT id FROM emp e WHERE dept IN (SELECT dept_id FROM dept d WHERE d.budget > e.salary)",
        "SELECT id FROM emp WHERE dept NOT IN (SELECT dept_id FROM dept"
            + " WHERE dept_id IS NOT NULL)",
        "SELECT id FROM emp WHERE dept NOT IN (SELECT k FROM empty_t)",
        "SELECT id FROM emp WHERE salary NOT IN (SELECT budget FROM dept WHERE budget IS NOT NULL)",
        "SELECT id, dept IN (SELECT dept_id FROM dept WHERE budget > 1000) FROM emp",
        "SELECT id, dept NOT IN (SELECT dept_id FROM dept WHERE budget > 1000) FROM emp",
      })
  void inSubqueries(String sql) {
    oracle.assertSameAsH2(sql);
  }
}
