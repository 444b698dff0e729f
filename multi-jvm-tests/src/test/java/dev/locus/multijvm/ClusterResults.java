package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.execution.QueryResult;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * A cluster's CSV result ({@code GET /v1/jobs/{id}/results?format=csv}) read back into typed
 * values, and compared with the oracle's result.
 */
final class ClusterResults {
  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, also with a {@code T}. */
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .append(DateTimeFormatter.ofPattern("HH:mm:ss"))
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private ClusterResults() {}

  /**
   * Parses an RFC 4180 result with a header line, converting each column to the Java class of the
   * oracle's type for it: an unquoted empty field is NULL, a quoted one the empty string.
   */
  static ResultRows parseCsv(String csv, Schema types) {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setNullString("")
            // Only in this quote mode does commons-csv keep a quoted "" apart from NULL.
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .get();
    try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
      List<String> columns = parser.getHeaderNames();
      if (columns.size() != types.size()) {
        throw new AssertionError(
            "The cluster's result has columns " + columns + "; the oracle's are " + types.names());
      }
      List<List<Object>> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
          row.add(value(record.get(i), types.type(i), columns.get(i), record.getRecordNumber()));
        }
        rows.add(row);
      }
      return new ResultRows(columns, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse the cluster's CSV result", e);
    }
  }

  private static Object value(String text, DataType type, String column, long record) {
    if (text == null) {
      return null;
    }
    try {
      return switch (type.kind()) {
        case BOOLEAN -> parseBoolean(text);
        case INT -> Integer.valueOf(text);
        case BIGINT -> Long.valueOf(text);
        case DOUBLE -> Double.valueOf(text);
        case DECIMAL -> new BigDecimal(text);
        case VARCHAR -> text;
        case DATE -> LocalDate.parse(text);
        case TIMESTAMP -> LocalDateTime.parse(text, TIMESTAMP);
        case OBJECT -> text;
      };
    } catch (RuntimeException e) {
      throw new AssertionError(
          "Value '"
              + text
              + "' of column "
              + column
              + " in CSV record "
              + record
              + " is not a "
              + type
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static Boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (text.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /** Asserts that the cluster's CSV result of {@code sql} equals the oracle's result. */
  static void assertSameRows(String sql, QueryResult expected, String actualCsv) {
    ResultRows actual = parseCsv(actualCsv, expected.schema());
    Optional<String> difference = ResultComparison.difference(sql, ResultRows.of(expected), actual);
    assertThat(difference).as("difference from the single-JVM result").isEmpty();
  }
}
