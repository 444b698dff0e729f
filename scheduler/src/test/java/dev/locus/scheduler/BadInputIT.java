package dev.locus.scheduler;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.csv.CsvSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input fails the one job that meets it, with a message naming what and where, and the engine
 * goes on running other jobs.
 */
class BadInputIT {
  private static Locus locus;

  @BeforeAll
  static void start() {
    locus = Locus.local(ExecutorConfig.defaults().withParallelism(2));
  }

  @AfterAll
  static void stop() {
    locus.close();
  }

  @Test
  void malformedCsvRowFailsTheJobWithFileAndLine(@TempDir Path directory) throws IOException {
    Path good = directory.resolve("a.csv");
    Path bad = directory.resolve("b.csv");
    Files.writeString(good, "item,qty\napple,3\npear,4\n");
    Files.writeString(bad, "item,qty\nplum,5\nfig,lots\n");
    var query = locus.read(CsvSource.read(directory)).agg(sum(col("qty")).as("total"));
    assertThatThrownBy(query::collect)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Malformed CSV row at "
                + bad.toAbsolutePath()
                + ":3: column 'qty' expects BIGINT; found 'lots'")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.MALFORMED_INPUT);
    // The next job runs.
    assertThat(locus.read(CsvSource.read(good)).agg(sum(col("qty")).as("total")).collect())
        .extracting(row -> row.get(0))
        .containsExactly(7L);
  }

  @Test
  void failingLambdaNamesTheOperatorAndCause() {
    var numbers = locus.fromCollection(List.of(1, 2, 0, 4));
    var inverted =
        numbers.map(
            n -> {
              if (n == 0) {
                throw new IllegalArgumentException("cannot invert zero");
              }
              return 100 / n;
            });
    assertThatThrownBy(inverted::collect)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "User function in Map failed on element '0': IllegalArgumentException: cannot invert zero")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
    assertThat(numbers.filter(n -> n > 0).count()).isEqualTo(3);
  }

  @Test
  void unknownColumnIsReportedBeforeAnythingRuns(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("t.csv");
    Files.writeString(file, "id,amount,ts\n1,2.50,2024-01-01\n");
    var table = locus.read(CsvSource.read(file));
    assertThatThrownBy(() -> table.filter(col("amout").gt(1)))
        .isInstanceOf(LocusException.class)
        .hasMessage("Column 'amout' not found in Filter; available columns: [id, amount, ts]");
  }

  @Test
  void typeMismatchIsReportedBeforeAnythingRuns(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("t.csv");
    Files.writeString(file, "id,name\n1,x\n");
    var table = locus.read(CsvSource.read(file));
    assertThatThrownBy(() -> table.select(col("name").times(col("id"))))
        .isInstanceOf(LocusException.class)
        .hasMessage("Type mismatch in Project: * expects a number; found VARCHAR in (name * id)");
  }
}
