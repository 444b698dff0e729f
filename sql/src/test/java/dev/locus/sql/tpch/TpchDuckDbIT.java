package dev.locus.sql.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.tpch.TpchSource;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The DuckDB oracle holds the rows of the Locus tpch source, and runs all 22 queries. */
class TpchDuckDbIT {
  private static final double SCALE_FACTOR = 0.01;
  private static TpchDuckDb duckDb;

  @BeforeAll
  static void load() {
    duckDb = TpchDuckDb.load(SCALE_FACTOR, 2);
  }

  @AfterAll
  static void close() {
    duckDb.close();
  }

  static List<Integer> queries() {
    return TpchQueries.numbers();
  }

  @Test
  void holdsTheRowsOfTheLocusSource() {
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withParallelism(2))) {
      for (String table : TpchSource.tableNames()) {
        TpchSource source = TpchSource.table(table, SCALE_FACTOR);
        assertThat(duckDb.rowCount(table)).as(table).isEqualTo(locus.read(source).count());
      }
    }
  }

  @Test
  void keepsTheColumnTypesOfTheLocusSource() {
    ResultRows row =
        duckDb.query(
            "SELECT l_orderkey, l_linenumber, l_quantity, l_shipdate, l_shipmode FROM lineitem"
                + " ORDER BY l_orderkey, l_linenumber LIMIT 1");
    assertThat(row.rows().get(0))
        .hasExactlyElementsOfTypes(
            Long.class, Integer.class, BigDecimal.class, LocalDate.class, String.class);
    assertThat(((BigDecimal) row.rows().get(0).get(2)).scale()).isEqualTo(2);
  }

  @Test
  void rejectsAScaleFactorAsTheLocusSourceDoes() {
    assertThatThrownBy(() -> TpchDuckDb.load(0))
        .isInstanceOf(LocusException.class)
        .hasMessage("TPC-H scale factor must be a positive number; found 0.0");
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void runsEveryQuery(int number) {
    ResultRows result = duckDb.query(TpchQueries.query(number));
    assertThat(result.columns()).isNotEmpty();
    assertThat(result.rows()).isNotEmpty();
  }
}
