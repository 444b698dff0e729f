package dev.locus.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TpchBenchTest {
  @Test
  void rendersTimesRatiosTheirGeometricMeanAndWhatFailed() {
    List<QueryTiming> timings =
        List.of(
            new QueryTiming(1, OptionalDouble.of(200), 100, 4, QueryTiming.Outcome.MATCH, ""),
            new QueryTiming(6, OptionalDouble.of(50), 100, 1, QueryTiming.Outcome.MATCH, ""),
            new QueryTiming(
                13, OptionalDouble.of(80), 10, 37, QueryTiming.Outcome.DIFFERENT, "row 0 differs"),
            new QueryTiming(
                19,
                OptionalDouble.empty(),
                12.34,
                1,
                QueryTiming.Outcome.FAILED,
                "Q19 ran longer"));

    assertThat(TpchBench.render(timings))
        .isEqualTo(
            """
             query | locus_ms | duckdb_ms | ratio | rows | result   \n\
            -------+----------+-----------+-------+------+-----------
             Q1    |    200.0 |     100.0 |  2.00 |    4 | match    \n\
             Q6    |     50.0 |     100.0 |  0.50 |    1 | match    \n\
             Q13   |     80.0 |      10.0 |  8.00 |   37 | DIFFERENT\n\
             Q19   |   FAILED |      12.3 |     - |    1 | FAILED   \n\
            (4 rows)
            Geometric mean of Locus/DuckDB over 3 of 4 queries: 2.00

            Q13 DIFFERENT: row 0 differs

            Q19 FAILED: Q19 ran longer
            """);
  }

  @Test
  void mayNotGiveATimeToAFailedQuery() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new QueryTiming(
                    1, OptionalDouble.of(1), 1, 1, QueryTiming.Outcome.FAILED, "failed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Locus time must be given exactly when Locus did not fail; found OptionalDouble[1.0]"
                + " with outcome FAILED");
  }
}
