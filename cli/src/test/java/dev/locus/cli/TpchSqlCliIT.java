package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchQueries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The acceptance path: {@code locus sql --tpch SF --format csv -f qNN.sql} prints, for each
 * of the 22 TPC-H queries at SF 0.01 and 0.1, the answer DuckDB gives on the same rows. Each run
 * generates its tables afresh, as the command does for a user.
 */
class TpchSqlCliIT {
  private static final List<String> SCALE_FACTORS = List.of("0.01", "0.1");

  private static final Map<String, TpchDuckDb> duckDbs = new HashMap<>();

  @TempDir static Path directory;

  @BeforeAll
  static void load() {
    for (String scaleFactor : SCALE_FACTORS) {
      duckDbs.put(scaleFactor, TpchDuckDb.load(Double.parseDouble(scaleFactor), 2));
    }
  }

  @AfterAll
  static void close() {
    duckDbs.values().forEach(TpchDuckDb::close);
  }

  static Stream<Arguments> queries() {
    return SCALE_FACTORS.stream()
        .flatMap(sf -> TpchQueries.numbers().stream().map(number -> Arguments.of(sf, number)));
  }

  @ParameterizedTest(name = "SF {0} Q{1}")
  @MethodSource("queries")
  void printsDuckDbsAnswerAsCsv(String scaleFactor, int number) throws IOException {
    TpchDuckDb duckDb = duckDbs.get(scaleFactor);
    String query = TpchQueries.query(number);
    Path file = directory.resolve(String.format("q%02d.sql", number));
    Files.writeString(file, query);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new LocusCli());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode =
        commandLine.execute("sql", "--tpch", scaleFactor, "--format", "csv", "-f", file.toString());

    assertThat(err.toString()).as("standard error of Q%d", number).isEmpty();
    assertThat(exitCode).isZero();
    ResultRows expected = duckDb.query(query);
    ResultRows actual = parse(out.toString(), expected);
    ResultComparison.difference(query, expected, actual)
        .ifPresent(
            message ->
                fail(
                    "Q" + number + " at SF " + scaleFactor + " through bin/locus sql: " + message));
  }

  /** The CSV text as values of the classes DuckDB gives in each column. */
  private static ResultRows parse(String csv, ResultRows expected) throws IOException {
    List<List<String>> lines = csvLines(csv);
    List<String> columns = lines.get(0);
    assertThat(columns).hasSameSizeAs(expected.columns());
    List<Class<?>> classes = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      classes.add(columnClass(expected, i));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (List<String> line : lines.subList(1, lines.size())) {
      assertThat(line).hasSameSizeAs(columns);
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < line.size(); i++) {
        row.add(value(line.get(i), classes.get(i)));
      }
      rows.add(row);
    }
    return new ResultRows(columns, rows);
  }

  /**
   * RFC 4180 records ending in {@code \n}: an empty unquoted field is NULL (null here), a quoted
   * one the empty string. (Written out rather than with commons-csv, whose parser needs a newer
   * commons-io than the one Calcite puts on this class path.)
   */
  private static List<List<String>> csvLines(String csv) throws IOException {
    // RFC 4180; an empty unquoted field is NULL, a quoted "" the empty string.
    CSVFormat format =
        CSVFormat.RFC4180.builder().setNullString("").setQuoteMode(QuoteMode.ALL_NON_NULL).get();
    List<List<String>> lines = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(csv, format)) {
      for (CSVRecord record : parser) {
        lines.add(new ArrayList<>(record.toList()));
      }
    }
    return lines;
  }

  private static Class<?> columnClass(ResultRows rows, int column) {
    for (List<Object> row : rows.rows()) {
      if (row.get(column) != null) {
        return row.get(column).getClass();
      }
    }
    return String.class;
  }

  private static Object value(String text, Class<?> type) {
    if (text == null) {
      return null;
    }
    if (Number.class.isAssignableFrom(type)) {
      return new BigDecimal(text);
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(text);
    }
    if (type == Boolean.class) {
      return Boolean.parseBoolean(text);
    }
    return text;
  }
}
