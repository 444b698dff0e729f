package dev.locus.adapters.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.type.DataType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Parsing the text form of pg_stats' arrays onto the cost model's number line. */
class PostgresStatisticsTest {
  @Test
  void splitsArraysWithQuotesEscapesAndNulls() {
    assertThat(PostgresStatistics.elements("{1,2,NULL,\"a b\",\"x\\\"y\",\"NULL\"}"))
        .containsExactly("1", "2", "a b", "x\"y", "NULL");
    assertThat(PostgresStatistics.elements("{}")).isEmpty();
    assertThat(PostgresStatistics.elements("not an array")).isEmpty();
  }

  @Test
  void placesNumbersDatesAndTimestampsOnTheNumberLine() {
    assertThat(PostgresStatistics.numeric("12.50", DataType.decimal(12, 2))).isEqualTo(12.5);
    assertThat(PostgresStatistics.numeric("2024-01-02", DataType.DATE))
        .isEqualTo(LocalDate.of(2024, 1, 2).toEpochDay());
    assertThat(PostgresStatistics.numeric("2024-01-02 03:04:05.5", DataType.TIMESTAMP))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5).toEpochSecond(ZoneOffset.UTC));
    assertThat(PostgresStatistics.numeric("infinity", DataType.DATE)).isNaN();
    assertThat(PostgresStatistics.numeric("abc", DataType.VARCHAR)).isNaN();
  }
}
