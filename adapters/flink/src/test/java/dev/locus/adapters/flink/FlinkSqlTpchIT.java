package dev.locus.adapters.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.core.api.Locus;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchMemoryTables;
import dev.locus.sql.tpch.TpchQueries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H SQL queries at SF 0.01, planned by Locus's SQL front end and run whole on Flink,
 * against DuckDB running the same text on the same rows.
 */
class FlinkSqlTpchIT {
  private static final double SCALE_FACTOR = 0.01;
  private static final int PARALLELISM = 2;

  private static Platform platform;
  private static TpchDuckDb duckDb;
  private static TpchMemoryTables tables;
  private static Locus locus;

  @BeforeAll
  static void start() {
    platform = new FlinkPlatformFactory().create(Map.of());
    duckDb = TpchDuckDb.load(SCALE_FACTOR, PARALLELISM);
    tables = TpchMemoryTables.load(SCALE_FACTOR);
    locus = Locus.local(ExecutorConfig.defaults().withParallelism(PARALLELISM));
    locus.registerCatalog("tpch", TpchCatalog.schemas());
    tables.registerIn(locus);
  }

  @AfterAll
  static void stop() {
    // The session first, then the tables it read.
    if (locus != null) {
      locus.close();
    }
    if (tables != null) {
      tables.close();
    }
    if (duckDb != null) {
      duckDb.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  static List<Integer> queries() {
    return TpchQueries.numbers();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void answersAsDuckDb(int number) {
    String query = TpchQueries.query(number);
    LogicalPlan plan = locus.sql(query).plan();
    cannotRun(plan).ifPresent(reason -> fail("Q" + number + " cannot run on Flink: " + reason));
    ResultRows expected = duckDb.query(query);
    ResultRows actual = ResultRows.of(locus.read(platform.run(plan)).execute());
    ResultComparison.difference(query, expected, actual)
        .ifPresent(message -> fail("Q" + number + " on Flink: " + message));
    assertThat(actual.columns()).hasSameSizeAs(expected.columns());
  }

  private static Optional<String> cannotRun(LogicalPlan plan) {
    Optional<String> reason = platform.cannotRun(plan);
    for (LogicalPlan input : plan.inputs()) {
      if (reason.isPresent()) {
        return reason;
      }
      reason = cannotRun(input);
    }
    return reason;
  }
}
