package dev.locus.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL's NULL semantics, checked against H2: three-valued logic, IS NULL, IN and NOT IN with NULLs
 * on either side, NULL join and group keys, NULLs in set operations.
 */
class SqlNullSemanticsIT {
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
        "SELECT id, active AND dept > 10, active OR score > 0, NOT active FROM emp",
        "SELECT id, active AND NULL, active OR NULL, NOT (active AND score > 0) FROM emp",
        "SELECT id FROM emp WHERE NOT (active AND dept > 10)",
        "SELECT id FROM emp WHERE active OR dept IS NULL",
        "SELECT id FROM emp WHERE NOT (dept = 10)",
        "SELECT id FROM emp WHERE NOT (dept <> 10 OR salary > 100)",
        "SELECT id FROM emp WHERE (dept = 10) IS NOT TRUE",
        "SELECT id FROM emp WHERE (dept = 10) IS FALSE",
        "SELECT id FROM emp WHERE (dept = 10) IS NOT FALSE",
        "SELECT id FROM emp WHERE active IS UNKNOWN",
        "SELECT id, dept = NULL, dept <> NULL, NULL = NULL FROM emp",
        "SELECT id, (score > 0) = active FROM emp",
        "SELECT id FROM emp WHERE dept IS NULL",
        "SELECT id, dept BETWEEN NULL AND 20, dept BETWEEN 10 AND NULL FROM emp",
        "SELECT id FROM emp WHERE NOT (dept BETWEEN 15 AND NULL)",
        "SELECT id FROM emp WHERE dept IS NOT NULL AND name IS NOT NULL",
        "SELECT id FROM emp WHERE NOT (dept IS NULL)",
        "SELECT id, dept IS NULL, salary IS NOT NULL, (dept + id) IS NULL FROM emp",
        "SELECT id, dept + NULL, salary * NULL, name || NULL FROM emp",
        "SELECT id FROM emp WHERE dept IS DISTINCT FROM 10",
        "SELECT id FROM emp WHERE dept IS NOT DISTINCT FROM NULL",
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x IS NOT DISTINCT FROM b.x",
      })
  void threeValuedLogic(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM emp WHERE dept IN (10, NULL)",
        "SELECT id FROM emp WHERE dept NOT IN (10, NULL)",
        "SELECT id FROM emp WHERE dept NOT IN (10, 20)",
        "SELECT id, dept IN (10, 20), dept NOT IN (10, 20) FROM emp",
        "SELECT id, dept IN (10, NULL), dept NOT IN (10, NULL) FROM emp",
        "SELECT id FROM emp WHERE name NOT IN ('bob', NULL)",
        "SELECT id FROM emp WHERE NOT (dept IN (10, NULL))",
      })
  void inListsWithNulls(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // dept has a NULL dept_id: x NOT IN (..., NULL) is never TRUE, so no rows.
        "SELECT id FROM emp WHERE dept NOT IN (SELECT dept_id FROM dept)",
        "SELECT id FROM emp WHERE NOT (dept IN (SELECT dept_id FROM dept))",
        "SELECT a.v FROM pa a WHERE a.x NOT IN (SELECT b.x FROM pb b)",
        // The outer value is NULL: NULL NOT IN (non-empty set without a match) is NULL.
        "SELECT id FROM emp WHERE dept NOT IN (SELECT dept_id FROM dept WHERE dept_id > 15)",
        // NOT IN of an empty set is TRUE even for a NULL outer value.
        "SELECT id FROM emp WHERE dept NOT IN (SELECT dept_id FROM dept WHERE dept_id > 1000)",
        // Correlated NOT IN, with NULLs on both sides.
        "SELECT a.v FROM pa a WHERE a.x NOT IN (SELECT b.x FROM pb b WHERE b.y = a.y)",
        "SELECT id, dept NOT IN (SELECT dept_id FROM dept) FROM emp",
        "SELECT id FROM emp WHERE dept IN (SELECT dept_id FROM dept) IS NOT TRUE",
      })
  void notInSubqueriesWithNulls(String sql) {
    oracle.assertSameAsH2(sql);
  }

  /** A NULL in the NOT IN subquery makes the condition never TRUE: no rows at all. */
  @Test
  void notInSubqueryContainingNullReturnsNoRows() {
    assertThat(oracle.locusRows("SELECT id FROM emp WHERE dept NOT IN (SELECT dept_id FROM dept)"))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT dept, COUNT(*), SUM(salary) FROM emp GROUP BY dept",
        "SELECT g, COUNT(*), COUNT(i) FROM nums GROUP BY g",
        "SELECT x, y, COUNT(*) FROM pa GROUP BY x, y",
        "SELECT COUNT(DISTINCT x), COUNT(DISTINCT y), COUNT(*) FROM pa",
        "SELECT DISTINCT x FROM pa",
        "SELECT x FROM pa UNION SELECT x FROM pb",
        "SELECT x FROM pa INTERSECT SELECT x FROM pb",
        "SELECT x FROM pb EXCEPT SELECT y FROM pa",
      })
  void nullsAreOneGroupAndOneSetElement(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x",
        "SELECT a.v, b.w FROM pa a LEFT JOIN pb b ON a.y = b.y",
        "SELECT e.id, d.dname FROM emp e JOIN dept d ON e.dept = d.dept_id WHERE e.dept IS NULL",
      })
  void nullKeysNeverMatch(String sql) {
    oracle.assertSameAsH2(sql);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.x = b.x AND a.y = b.y",
        "SELECT a.v, b.w FROM pa a FULL JOIN pb b ON a.y = b.y",
      })
  void nullKeysNeverMatchInFullOuterJoins(String sql) {
    // H2 has no FULL OUTER JOIN: DuckDB is the oracle.
    oracle.assertSameAsDuckDb(sql);
  }

  @Test
  void innerJoinOnNullKeysHasNoNullKeyPairs() {
    var rows = oracle.locusRows("SELECT a.v, b.w FROM pa a JOIN pb b ON a.x = b.x");
    assertThat(rows).noneMatch(row -> row.equals(Arrays.asList("an1", "bn1"))).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id, dept FROM emp ORDER BY dept NULLS FIRST, id",
        "SELECT id, dept FROM emp ORDER BY dept NULLS LAST, id",
        "SELECT id, dept FROM emp ORDER BY dept DESC NULLS FIRST, id",
        "SELECT id, dept FROM emp ORDER BY dept DESC NULLS LAST, id",
        "SELECT x, y, v FROM pa ORDER BY x NULLS FIRST, y DESC NULLS LAST, v",
      })
  void nullOrdering(String sql) {
    oracle.assertSameAsH2(sql);
  }
}
