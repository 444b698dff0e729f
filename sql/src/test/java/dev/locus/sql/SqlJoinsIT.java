package dev.locus.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Joins of every kind through SQL, checked against H2: NULL keys (never matching), duplicate keys,
 * keys with no partner, several key columns, conditions beyond equality, self- and three-way joins.
 */
class SqlJoinsIT {
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
        "SELECT e.id, d.dname FROM emp e JOIN dept d ON e.dept = d.dept_id",
        "SELECT e.id, d.dname FROM emp e INNER JOIN dept d ON d.dept_id = e.dept",
        "SELECT e.id, d.dname FROM emp e, dept d WHERE e.dept = d.dept_id AND d.budget > 1000",
        "SELECT e.id, e.name, d.dname, d.budget - e.salary FROM emp e JOIN dept d"
            + " ON e.dept = d.dept_id WHERE e.salary > 0",
        "SELECT * FROM emp e JOIN dept d ON e.dept = d.dept_id",
        "SELECT e.id FROM emp e JOIN empty_t t ON e.dept = t.k",
      })
  void innerJoins(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT e.id, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.dept_id",
        "SELECT d.dname, e.id FROM dept d LEFT OUTER JOIN emp e ON e.dept = d.dept_id",
        "SELECT e.id, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.dept_id"
            + " WHERE d.dname IS NULL",
        "SELECT e.id, d.dname FROM emp e LEFT JOIN dept d ON e.dept = d.dept_id"
            + " AND d.budget > 3000",
        "SELECT e.id, t.s FROM emp e LEFT JOIN empty_t t ON e.dept = t.k",
        "SELECT e.id, d.dname FROM emp e RIGHT JOIN dept d ON e.dept = d.dept_id",
        "SELECT e.id, d.dname FROM emp e RIGHT OUTER JOIN dept d ON e.dept = d.dept_id"
            + " AND e.salary > 500",
      })
  void outerJoins(String sql) {
    oracle.assertSameAsH2(sql);
  }

  /** H2 has no FULL OUTER JOIN: DuckDB, loaded with the same rows, is the oracle here. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT e.id, d.dname FROM emp e FULL JOIN dept d ON e.dept = d.dept_id",
        "SELECT e.id, d.dname, e.dept, d.dept_id FROM emp e FULL OUTER JOIN dept d"
            + " ON e.dept = d.dept_id AND e.active",
        "SELECT t.k, d.dname FROM empty_t t FULL JOIN dept d ON t.k = d.dept_id",
        "SELECT COALESCE(e.dept, d.dept_id), COUNT(*) FROM emp e FULL JOIN dept d"
            + " ON e.dept = d.dept_id GROUP BY COALESCE(e.dept, d.dept_id)",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x = b.x AND a.y < b.y",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x > b.y",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x = b.x AND a.y = b.y",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x = b.x",
        "SELECT e.id, d.dname, a.v FROM emp e JOIN dept d ON e.dept = d.dept_id"
            + " FULL JOIN pa a ON a.x = d.lvl",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x = b.x OR a.y = b.y",
        "SELECT e.id, d.dname FROM emp e FULL JOIN dept d ON e.dept = d.dept_id"
            + " WHERE e.id IS NULL OR d.dept_id IS NULL",
      })
  void fullOuterJoins(String sql) {
    oracle.assertSameAsDuckDb(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT e.id, d.dname FROM emp e CROSS JOIN dept d",
        "SELECT e.id, d.dname FROM emp e, dept d",
        "SELECT e.id, d.dname FROM emp e CROSS JOIN dept d WHERE e.salary < d.budget",
        "SELECT e.id, t.k FROM emp e CROSS JOIN empty_t t",
        "SELECT COUNT(*) FROM emp a, emp b, dept c",
        "SELECT COUNT(*) FROM emp, empty_t",
      })
  void crossJoins(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x AND a.y < b.y",
        "SELECT a.v, b.w FROM pa a LEFT JOIN pb b ON a.x = b.x AND a.y < b.y",
        "SELECT a.v, b.w FROM pa a RIGHT JOIN pb b ON a.x = b.x AND a.y < b.y",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x AND a.y + b.y > 3",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x < b.x",
        "SELECT a.v, b.w FROM pa a LEFT JOIN pb b ON a.x < b.x",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x OR a.y = b.y",
        "SELECT e.id, d.dname FROM emp e JOIN dept d ON e.salary < d.budget AND e.dept <> d.dept_id",
        "SELECT e.id, d.dname FROM emp e JOIN dept d"
            + " ON e.dept = d.dept_id AND e.salary * 3 > d.budget",
        "SELECT e.id, n.g FROM emp e JOIN nums n ON n.b = e.id * 10",
        "SELECT e.id, n.g FROM emp e JOIN nums n ON n.d = e.salary",
        "SELECT e.id, n.g FROM emp e LEFT JOIN nums n ON n.x = e.score",
      })
  void joinsWithConditionsBeyondEquality(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x AND a.y = b.y",
        "SELECT a.v, b.w FROM pa a LEFT JOIN pb b ON a.x = b.x AND a.y = b.y",
        "SELECT a.v, b.w FROM pa a RIGHT JOIN pb b ON a.x = b.x AND a.y = b.y",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.y AND a.y = b.x",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x",
      })
  void multiColumnKeysAndNullKeysNeverMatch(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT e1.id, e2.id FROM emp e1 JOIN emp e2 ON e1.dept = e2.dept AND e1.id < e2.id",
        "SELECT e1.id, e2.id FROM emp e1 JOIN emp e2 ON e1.salary = e2.salary",
        "SELECT e1.id, e2.id FROM emp e1 LEFT JOIN emp e2 ON e1.dept = e2.dept AND e1.id <> e2.id",
        "SELECT a.v, a2.v FROM pa a JOIN pa a2 ON a.x = a2.y",
      })
  void selfJoins(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT e.name, d.dname, n.g FROM emp e JOIN dept d ON e.dept = d.dept_id"
            + " JOIN nums n ON n.i = d.lvl",
        "SELECT e.name, d.dname, n.g FROM emp e LEFT JOIN dept d ON e.dept = d.dept_id"
            + " LEFT JOIN nums n ON n.i = d.lvl",
        "SELECT e.id, d.dname, b.w FROM emp e, dept d, pb b"
            + " WHERE e.dept = d.dept_id AND b.y = d.lvl AND b.x <= e.id",
        "SELECT d.dname, COUNT(*), SUM(e.salary) FROM emp e JOIN dept d ON e.dept = d.dept_id"
            + " JOIN emp e2 ON e2.dept = e.dept GROUP BY d.dname",
        "SELECT a.v, b.w, c.v FROM pa a JOIN pb b ON a.x = b.x JOIN pa c ON c.y = b.y"
            + " AND c.x <> a.x",
      })
  void threeWayJoins(String sql) {
    oracle.assertSameAsH2(sql);
  }
}
