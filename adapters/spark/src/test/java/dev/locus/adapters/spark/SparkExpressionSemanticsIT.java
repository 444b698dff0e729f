package dev.locus.adapters.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where Spark's functions differ from Locus's (NULLs, LIKE escapes, SUBSTRING starts, month ends,
 * decimal rounding, integer division, casts into integers), the spark platform must give Locus's
 * answers: each query's plan runs natively and on Spark over the same tricky rows.
 */
class SparkExpressionSemanticsIT {
  private static final Schema T =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.nullable("s", DataType.VARCHAR),
          Field.nullable("i", DataType.INT),
          Field.nullable("b", DataType.BIGINT),
          Field.nullable("x", DataType.DOUBLE),
          Field.nullable("m", DataType.decimal(12, 2)),
          Field.nullable("n", DataType.decimal(12, 2)),
          Field.nullable("d", DataType.DATE),
          Field.nullable("ts", DataType.TIMESTAMP),
          Field.nullable("flag", DataType.BOOLEAN));

  private static final List<List<Object>> ROWS =
      List.of(
          row(1, "abc", 7, 10L, 2.5, "10.00", "3.00", "2024-01-31", "2024-01-31T23:59:59", true),
          row(
              2,
              "a\\c",
              -7,
              -10L,
              -2.5,
              "-10.00",
              "3.00",
              "2024-02-29",
              "2024-02-29T00:00:01",
              false),
          row(3, "a%c", 2, 3L, 0.5, "0.05", "0.02", "2023-12-31", "2023-12-31T12:00:00", null),
          row(4, null, null, null, null, null, null, null, null, null),
          row(5, "", 0, 0L, -0.5, "1.25", "-0.50", "2024-03-31", "2024-03-31T06:30:00", true),
          row(
              6,
              " Ab_c ",
              100,
              1L,
              1.5,
              "2.50",
              "4.00",
              "2024-05-31",
              "2024-05-31T01:02:03",
              false));

  private static Platform platform;
  private static Locus locus;

  @BeforeAll
  static void start() {
    platform = new SparkPlatformFactory().create(Map.of());
    locus = Locus.local();
    locus.register("t", locus.values(T, ROWS));
  }

  @AfterAll
  static void stop() {
    if (locus != null) {
      locus.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id, s LIKE 'a\\c', s LIKE 'a%', s LIKE '_b%', s LIKE '%\\%' FROM t",
        "SELECT id, SUBSTRING(s FROM 0 FOR 2), SUBSTRING(s FROM 2), SUBSTRING(s FROM -1 FOR 3),"
            + " SUBSTRING(s FROM 2 FOR 1) FROM t",
        "SELECT id, UPPER(s), LOWER(s), TRIM(s), CHAR_LENGTH(s), s || '!' FROM t",
        "SELECT id, i / 2, b / 3, i % 3, m / n, m * n, m + n, m - n, -m, ABS(m) FROM t WHERE n <> 0",
        "SELECT id, x / 4, x * 2, CAST(x AS INTEGER), CAST(m AS INTEGER), CAST(m AS BIGINT),"
            + " CAST(i AS DOUBLE), CAST(m AS DECIMAL(12, 1)), CAST(x AS DECIMAL(10, 0)) FROM t",
        "SELECT id, CAST(i AS VARCHAR), CAST(d AS VARCHAR), CAST(m AS VARCHAR), CAST(flag AS VARCHAR)"
            + " FROM t",
        "SELECT id, d + INTERVAL '1' MONTH, d - INTERVAL '1' MONTH, d + INTERVAL '1' YEAR,"
            + " d + INTERVAL '3' DAY, EXTRACT(YEAR FROM d), EXTRACT(MONTH FROM d),"
            + " EXTRACT(DAY FROM ts) FROM t",
        "SELECT id, CASE WHEN i > 5 THEN 'big' WHEN i < 0 THEN 'neg' END, COALESCE(s, 'none'),"
            + " i IN (2, 7, NULL), i NOT IN (2, 7), s IS NULL, flag AND i > 0, flag OR i > 0,"
            + " NOT flag FROM t",
        "SELECT COUNT(*), COUNT(i), SUM(i), SUM(b), SUM(m), AVG(m), AVG(i), AVG(x), MIN(s),"
            + " MAX(d), MIN(ts), COUNT(DISTINCT n), SUM(DISTINCT n), AVG(DISTINCT n) FROM t",
        "SELECT flag, COUNT(*), SUM(m), AVG(n), MAX(x) FROM t GROUP BY flag",
        "SELECT SUM(m), AVG(m), COUNT(*) FROM t WHERE id > 100",
        "SELECT a.id, b.id FROM t a LEFT JOIN t b ON a.i = b.i AND b.m > a.m",
        "SELECT a.id, b.id FROM t a FULL JOIN t b ON a.i = b.i + 5",
        "SELECT id FROM t a WHERE EXISTS (SELECT 1 FROM t b WHERE b.i > a.i AND b.flag)",
        "SELECT id FROM t a WHERE NOT EXISTS (SELECT 1 FROM t b WHERE b.i = a.i + 5)",
        "SELECT id, s FROM t ORDER BY s DESC NULLS LAST, id LIMIT 3 OFFSET 1",
        "SELECT i FROM t UNION SELECT b FROM t",
        "SELECT id, i FROM t ORDER BY i NULLS FIRST",
      })
  void givesLocusAnswers(String query) {
    PlanComparison.assertSameResult(
        locus, platform, locus.sql(query).plan(), query.contains("ORDER BY"), query);
  }

  @Test
  void divisionByZeroFailsAsInLocus() {
    assertThatThrownBy(
            () -> locus.read(platform.run(locus.sql("SELECT m / (n - n) FROM t").plan())).execute())
        .isInstanceOf(LocusException.class)
        .satisfies(e -> assertErrorCode(e, ErrorCode.DIVISION_BY_ZERO))
        .hasMessageStartingWith("Division by zero: ");
    assertThatThrownBy(
            () -> locus.read(platform.run(locus.sql("SELECT i / (i - i) FROM t").plan())).execute())
        .isInstanceOf(LocusException.class)
        .satisfies(e -> assertErrorCode(e, ErrorCode.DIVISION_BY_ZERO))
        .hasMessageContaining("[DIVIDE_BY_ZERO] Division by zero.");
  }

  private static void assertErrorCode(Throwable failure, ErrorCode code) {
    org.assertj.core.api.Assertions.assertThat(((LocusException) failure).code())
        .as(failure.getMessage())
        .isEqualTo(code);
  }

  private static List<Object> row(
      int id,
      String s,
      Integer i,
      Long b,
      Double x,
      String m,
      String n,
      String d,
      String ts,
      Boolean flag) {
    return Arrays.asList(
        id,
        s,
        i,
        b,
        x,
        m == null ? null : new BigDecimal(m),
        n == null ? null : new BigDecimal(n),
        d == null ? null : LocalDate.parse(d),
        ts == null ? null : LocalDateTime.parse(ts),
        flag);
  }
}
