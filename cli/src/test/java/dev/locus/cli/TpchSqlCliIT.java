package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchQueries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The acceptance path: {@code locus sql --tpch 0.01 --format csv -f qNN.sql} prints, for
 * each of the 22 TPC-H queries, the answer DuckDB gives on the same rows.
 */
class TpchSqlCliIT {
  private static final String SCALE_FACTOR = "0.01";

  /** Empty unquoted fields are NULL; a quoted empty field is the empty string. */
  private static final CSVFormat CSV =
      CSVFormat.DEFAULT
          .builder()
          .setHeader()
          .setSkipHeaderRecord(false)
          .setNullString("")
          .setQuoteMode(QuoteMode.ALL_NON_NULL)
          .build();

  private static TpchDuckDb duckDb;

  @TempDir static Path directory;

  @BeforeAll
  static void load() {
    duckDb = TpchDuckDb.load(Double.parseDouble(SCALE_FACTOR), 2);
  }

  @AfterAll
  static void close() {
    duckDb.close();
  }

  static List<Integer> queries() {
    return TpchQueries.numbers();
  }

  @ParameterizedTest(name = "Q{0}")
  @MethodSource("queries")
  void printsDuckDbsAnswerAsCsv(int number) throws IOException {
    String query = TpchQueries.query(number);
    Path file = directory.resolve(String.format("q%02d.sql", number));
    Files.writeString(file, query);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new LocusCli());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode =
        commandLine.execute(
            "sql", "--tpch", SCALE_FACTOR, "--format", "csv", "-f", file.toString());

    assertThat(err.toString()).as("standard error of Q%d", number).isEmpty();
    assertThat(exitCode).isZero();
    ResultRows expected = duckDb.query(query);
    ResultRows actual = parse(out.toString(), expected);
    ResultComparison.difference(query, expected, actual)
        .ifPresent(message -> fail("Q" + number + " through bin/locus sql: " + message));
  }

  /** The CSV text as values of the classes DuckDB gives in each column. */
  private static ResultRows parse(String csv, ResultRows expected) throws IOException {
    try (CSVParser parser = CSV.parse(new StringReader(csv))) {
      List<String> columns = parser.getHeaderNames();
      assertThat(columns).hasSameSizeAs(expected.columns());
      List<Class<?>> classes = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        classes.add(columnClass(expected, i));
      }
      List<List<Object>> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < record.size(); i++) {
          row.add(value(record.get(i), classes.get(i)));
        }
        rows.add(row);
      }
      return new ResultRows(columns, rows);
    }
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
