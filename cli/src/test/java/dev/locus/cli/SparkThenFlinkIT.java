package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.scheduler.tpch.TpchQueries;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spark (Kryo 4) and Flink (Kryo 5 in the same package) in one JVM, each from its own class loader:
 * the same query forced onto Spark, then onto Flink, then onto Spark again, gives the native rows.
 */
class SparkThenFlinkIT {
  private static List<List<Object>> run(String platform, String query) {
    try (Locus locus = Locus.local(ExecutorConfig.defaults().withPlatform(platform))) {
      Table table = TpchQueries.query(query, locus, 0.01);
      LogicalPlan plan = table.plan();
      if (!platform.equals("native")) {
        assertThat(locus.executor().explain(plan, null))
            .as("every operator on %s", platform)
            .doesNotContain(", native, est. rows");
      }
      return table.execute().rows();
    }
  }

  @Test
  void theSameQueryOnSparkThenFlinkGivesTheNativeRows() {
    for (String query : List.of("q3", "q12")) {
      List<List<Object>> expected = run("native", query);
      assertThat(run("spark", query)).as("%s on spark", query).isEqualTo(expected);
      assertThat(run("flink", query)).as("%s on flink", query).isEqualTo(expected);
      assertThat(run("spark", query)).as("%s on spark again", query).isEqualTo(expected);
    }
  }
}
