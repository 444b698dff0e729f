package dev.locus.adapters.spark;

import dev.locus.core.api.Locus;
import dev.locus.core.platform.Platform;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.TpchMemoryTables;
import dev.locus.sql.tpch.TpchQueries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plans of the 22 TPC-H SQL queries (SF 0.01) run on Spark as Locus runs them. */
class SparkTpchSqlIT {
  private static final double SCALE_FACTOR = 0.01;

  private static Platform platform;
  private static TpchMemoryTables tables;
  private static Locus locus;

  @BeforeAll
  static void start() {
    platform = new SparkPlatformFactory().create(Map.of());
    tables = TpchMemoryTables.load(SCALE_FACTOR);
    locus = Locus.local();
    locus.registerCatalog("tpch", TpchCatalog.schemas());
    tables.registerIn(locus);
  }

  @AfterAll
  static void stop() {
    // The session first, then the tables it read, then Spark.
    if (locus != null) {
      locus.close();
    }
    if (tables != null) {
      tables.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void runsTpchSqlPlansAsLocusDoes(int number) {
    String query = TpchQueries.query(number);
    PlanComparison.assertSameResult(
        locus, platform, locus.sql(query).plan(), ResultComparison.isOrdered(query), "Q" + number);
  }

  static List<Integer> queries() {
    return TpchQueries.numbers();
  }
}
