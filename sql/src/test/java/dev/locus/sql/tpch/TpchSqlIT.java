package dev.locus.sql.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.core.api.Locus;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.tpch.TpchCatalog;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries run through {@code Locus.sql} give DuckDB's answers on the same rows, at
 * scale factors 0.01 and 0.1. Each scale factor's tables are generated once into memory for Locus
 * and once into DuckDB.
 */
class TpchSqlIT {
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ScaleFactor0_01 extends TpchScaleFactor {
    ScaleFactor0_01() {
      super(0.01);
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ScaleFactor0_1 extends TpchScaleFactor {
    ScaleFactor0_1() {
      super(0.1);
    }
  }

  /** One scale factor: its tables in DuckDB and in memory for one Locus session. */
  abstract static class TpchScaleFactor {
    private static final int PARALLELISM = 2;

    private final double scaleFactor;
    private TpchDuckDb duckDb;
    private TpchMemoryTables tables;
    private Locus locus;

    TpchScaleFactor(double scaleFactor) {
      this.scaleFactor = scaleFactor;
    }

    @BeforeAll
    void load() {
      duckDb = TpchDuckDb.load(scaleFactor, PARALLELISM);
      tables = TpchMemoryTables.load(scaleFactor);
      locus = Locus.local(ExecutorConfig.defaults().withParallelism(PARALLELISM));
      locus.registerCatalog("tpch", TpchCatalog.schemas());
      tables.registerIn(locus);
    }

    @AfterAll
    void close() {
      // The session first, then the tables it read.
      locus.close();
      tables.close();
      duckDb.close();
    }

    List<Integer> queries() {
      return TpchQueries.numbers();
    }

    @ParameterizedTest(name = "Q{0}")
    @MethodSource("queries")
    void answersAsDuckDb(int number) {
      String query = TpchQueries.query(number);
      ResultRows expected = duckDb.query(query);
      ResultRows actual = ResultRows.of(locus.sql(query).execute());
      ResultComparison.difference(query, expected, actual)
          .ifPresent(message -> fail("Q" + number + " at SF " + scaleFactor + ": " + message));
      assertThat(actual.columns()).hasSameSizeAs(expected.columns());
    }
  }
}
