package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.tpch.Nation;
import io.trino.tpch.NationGenerator;
import io.trino.tpch.Region;
import io.trino.tpch.RegionGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code locus sql} end to end, in-process: catalogs wired from options, output, exit codes. */
class SqlCommandIT {
  private static final String NATIONS_OF_AMERICA =
      "SELECT n_name FROM nation WHERE n_regionkey = 1 ORDER BY n_name";

  private record Run(int exitCode, String out, String err) {}

  private static Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new LocusCli());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** The oracle for TPC-H answers: the generator itself. */
  private static List<Nation> nations() {
    return StreamSupport.stream(new NationGenerator().spliterator(), false).toList();
  }

  private static List<Region> regions() {
    return StreamSupport.stream(new RegionGenerator().spliterator(), false).toList();
  }

  private static List<String> namesOfAmerica() {
    return nations().stream()
        .filter(nation -> nation.getRegionKey() == 1)
        .map(Nation::getName)
        .sorted()
        .toList();
  }

  @Test
  void printsATableOfTpchRowsByDefault() {
    Run run = locus("sql", "--tpch", "0.01", "--parallelism", "2", NATIONS_OF_AMERICA);

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    StringBuilder expected = new StringBuilder(" n_name       \n---------------\n");
    for (String name : namesOfAmerica()) {
      expected.append(' ').append(String.format("%-13s", name)).append('\n');
    }
    expected.append("(5 rows)\n");
    assertThat(run.out()).isEqualTo(expected.toString());
  }

  @Test
  void printsCsvAndReadsTheTpchCatalogWithoutRegistering() {
    Run run =
        locus(
            "sql",
            "--format",
            "csv",
            "SELECT n_name FROM tpch.tiny.nation WHERE n_regionkey = 1 ORDER BY n_name");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("n_name\n" + String.join("\n", namesOfAmerica()) + "\n");
  }

  @Test
  void runsTheStatementsOfAFileInOrder(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("two.sql");
    Files.writeString(
        file,
        """
        -- regions; then nations per region
        SELECT r_name FROM region ORDER BY r_name;

        SELECT n_regionkey, COUNT(*) AS nations
        FROM nation GROUP BY n_regionkey ORDER BY n_regionkey;
        """);

    Run run = locus("sql", "--tpch", "0.01", "--format", "csv", "-f", file.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    StringBuilder expected = new StringBuilder("r_name\n");
    regions().stream().map(Region::getName).sorted().forEach(n -> expected.append(n).append('\n'));
    expected.append("n_regionkey,nations\n");
    Map<Long, Long> perRegion =
        nations().stream()
            .collect(
                Collectors.groupingBy(Nation::getRegionKey, TreeMap::new, Collectors.counting()));
    perRegion.forEach((region, count) -> expected.append(region + "," + count + "\n"));
    assertThat(run.out()).isEqualTo(expected.toString());
  }

  @Test
  void stopsAtTheFirstFailingStatementOfAFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("broken.sql");
    Files.writeString(
        file, "SELECT COUNT(*) AS c FROM nation;\nSELECT nope FROM nation;\nSELECT 1 AS one;\n");

    Run run = locus("sql", "--tpch", "0.01", "--format", "csv", "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("c\n25\n");
    assertThat(run.err())
        .isEqualTo(
            "Error: Column 'nope' not found at line 1, column 8; available columns:"
                + " [nation.n_nationkey, nation.n_name, nation.n_regionkey, nation.n_comment]\n");
  }

  @Test
  void aBadQueryExitsWithOneLineAndNoStackTrace() {
    Run unknownColumn = locus("sql", "--tpch", "0.01", "SELECT n_nme FROM nation");
    Run syntax = locus("sql", "SELEC 1");

    assertThat(unknownColumn.exitCode()).isEqualTo(1);
    assertThat(unknownColumn.out()).isEmpty();
    assertThat(unknownColumn.err())
        .isEqualTo(
            "Error: Column 'n_nme' not found at line 1, column 8; available columns:"
                + " [nation.n_nationkey, nation.n_name, nation.n_regionkey, nation.n_comment]\n");
    assertThat(syntax.exitCode()).isEqualTo(1);
    assertThat(syntax.err())
        .startsWith("Error: SQL syntax error at line 1, column 1")
        .hasLineCount(1);
  }

  @Test
  void printsTheStackTraceWhenVerbose() {
    Run run = locus("sql", "--verbose", "SELECT * FROM nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("Error: Table 'nope' not found")
        .contains("dev.locus.core.error.LocusException")
        .contains("\tat ");
  }

  @Test
  void readsCsvFilesAndDirectoriesOfThem(@TempDir Path directory) throws IOException {
    Path single = directory.resolve("cities.csv");
    Files.writeString(single, "city,country\nLyon,FR\nBasel,CH\n");
    Path parts = Files.createDirectory(directory.resolve("sales"));
    Files.writeString(parts.resolve("part-0.csv"), "city,amount\nLyon,1.50\nBasel,2.25\n");
    Files.writeString(parts.resolve("part-1.csv"), "city,amount\nLyon,10.00\nZug,0.05\n");

    Run run =
        locus(
            "sql",
            "--csv",
            "cities=" + single,
            "--csv",
            "sales=" + parts,
            "--format",
            "csv",
            "SELECT s.city, c.country, SUM(s.amount) AS total, COUNT(*) AS n"
                + " FROM sales s LEFT JOIN cities c ON s.city = c.city"
                + " GROUP BY s.city, c.country ORDER BY s.city");

    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .isEqualTo("city,country,total,n\nBasel,CH,2.25,1\nLyon,FR,11.50,2\nZug,,0.05,1\n");
  }

  @Test
  void readsJdbcCatalogsAndJoinsThemWithTpch(@TempDir Path directory) throws SQLException {
    String url = "jdbc:h2:file:" + directory.resolve("shop");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE ORDERS (ID INT PRIMARY KEY, NATION BIGINT, AMOUNT DECIMAL(12, 2),"
              + " NOTE VARCHAR(40), PLACED DATE, SHIPPED TIMESTAMP, PAID BOOLEAN,"
              + " WEIGHT DOUBLE PRECISION)");
      statement.execute(
          "INSERT INTO ORDERS VALUES"
              + " (1, 3, 123.40, 'first, \"quoted\"', DATE '1998-09-02',"
              + "  TIMESTAMP '1998-09-02 10:11:12', TRUE, 0.5),"
              + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
              + " (3, 24, -0.05, '', DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00.25',"
              + "  FALSE, 3)");
      statement.execute("CREATE SCHEMA ARCHIVE");
      statement.execute("CREATE TABLE ARCHIVE.ORDERS (ID INT, YEAR_CLOSED INT)");
      statement.execute("INSERT INTO ARCHIVE.ORDERS VALUES (100, 1997), (101, 1996)");
    }

    Run json = locus("sql", "--jdbc", "shop=" + url, "--format", "json", "TABLE shop.orders");
    Run csv = locus("sql", "--jdbc", "shop=" + url, "--format", "csv", "TABLE shop.orders");
    Run joined =
        locus(
            "sql",
            "--tpch",
            "0.01",
            "--jdbc",
            "shop=" + url,
            "--format",
            "csv",
            "SELECT o.id, n.n_name FROM shop.orders o JOIN nation n ON o.nation = n.n_nationkey"
                + " ORDER BY o.id");
    Run archive =
        locus(
            "sql",
            "--jdbc",
            "shop=" + url,
            "--format",
            "csv",
            "SELECT MIN(year_closed) AS first_year, COUNT(*) AS n FROM shop.archive.orders");

    assertThat(json.err()).isEmpty();
    assertThat(json.out())
        .isEqualTo(
            """
            {"ID":1,"NATION":3,"AMOUNT":123.40,"NOTE":"first, \\"quoted\\"","PLACED":"1998-09-02",\
            "SHIPPED":"1998-09-02 10:11:12","PAID":true,"WEIGHT":0.5}
            {"ID":2,"NATION":null,"AMOUNT":null,"NOTE":null,"PLACED":null,"SHIPPED":null,\
            "PAID":null,"WEIGHT":null}
            {"ID":3,"NATION":24,"AMOUNT":-0.05,"NOTE":"","PLACED":"1969-12-31",\
            "SHIPPED":"1970-01-01 00:00:00.25","PAID":false,"WEIGHT":3.0}
            """);
    assertThat(csv.out())
        .isEqualTo(
            """
            ID,NATION,AMOUNT,NOTE,PLACED,SHIPPED,PAID,WEIGHT
            1,3,123.40,"first, ""quoted\""",1998-09-02,1998-09-02 10:11:12,true,0.5
            2,,,,,,,
            3,24,-0.05,"",1969-12-31,1970-01-01 00:00:00.25,false,3.0
            """);
    assertThat(joined.out())
        .isEqualTo(
            "id,n_name\n1,"
                + nations().get(3).getName()
                + "\n3,"
                + nations().get(24).getName()
                + "\n");
    assertThat(archive.out()).isEqualTo("first_year,n\n" + h2(url) + "\n");
  }

  private static String h2(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT MIN(YEAR_CLOSED), COUNT(*) FROM ARCHIVE.ORDERS")) {
      rows.next();
      return rows.getInt(1) + "," + rows.getLong(2);
    }
  }

  @Test
  void explainPrintsEveryOperatorWithEstimatedAndActualRows() {
    Run run =
        locus(
            "sql",
            "--tpch",
            "0.01",
            "--explain",
            "SELECT r_name, COUNT(*) AS nations FROM nation JOIN region"
                + " ON n_regionkey = r_regionkey GROUP BY r_name ORDER BY r_name");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches("\\(5 rows, [0-9.]+ ms\\)");
    assertThat(lines.get(0)).matches("Platforms \\(estimated cost [0-9.]+ ms\\):");
    int executed = lines.indexOf("Executed plan:");
    assertThat(executed).isPositive();
    assertThat(lines.get(1)).startsWith("Why: native ");
    assertThat(lines.get(2)).isEqualTo("Cost parameters:");
    int firstOperator = 3;
    while (lines.get(firstOperator).startsWith("  ")) {
      firstOperator++;
    }
    assertThat(lines.subList(3, firstOperator))
        .anyMatch(line -> line.matches("  native: start-up [0-9.]+ ms, [0-9.]+ ms per million .*"));
    List<String> choices = lines.subList(firstOperator, executed);
    assertThat(choices)
        .hasSizeGreaterThanOrEqualTo(5)
        .allMatch(
            line ->
                line.matches(
                    " *(└─ )?[A-Za-z]+\\[.*\\]  \\(#\\d+, native, est\\. rows \\d+ \\[(low|medium|high)\\], cost [0-9.]+"
                        + " ms.*\\)"),
            "operator line with its platform, estimated rows and cost");
    List<String> operators = new ArrayList<>(lines.subList(executed + 1, lines.size() - 1));
    assertThat(operators)
        .hasSizeGreaterThanOrEqualTo(5)
        .allMatch(
            line ->
                line.matches(
                    " *(└─ )?[A-Za-z]+\\[.*\\]  \\(#\\d+, est\\. rows \\d+, rows \\d+, [0-9.]+ ms\\)"),
            "operator line with estimated and actual rows");
    assertThat(operators.get(0)).startsWith("Sort[").contains(", rows 5, ");
    assertThat(operators).anyMatch(line -> line.contains("Scan[tpch:nation(sf=0.01)]"));
    assertThat(operators)
        .filteredOn(line -> line.contains("Scan[tpch:nation"))
        .singleElement()
        .asString()
        .contains(", rows 25, ");
  }

  @Test
  void rejectsBadOptionsWithOneLine(@TempDir Path directory) throws IOException {
    Path file = Files.writeString(directory.resolve("q.sql"), "SELECT 1;");

    assertThat(locus("sql", "-f", file.toString(), "SELECT 2"))
        .isEqualTo(
            new Run(
                1,
                "",
                "Error: Give the query either as QUERY or with -f FILE, not both; found both -f "
                    + file
                    + " and QUERY\n"));
    assertThat(locus("sql", "--jdbc", "jdbc:h2:mem:x", "SELECT 1"))
        .isEqualTo(new Run(1, "", "Error: --jdbc takes NAME=JDBC_URL; found 'jdbc:h2:mem:x'\n"));
    assertThat(locus("sql", "-f", directory.resolve("missing.sql").toString()))
        .isEqualTo(
            new Run(
                1,
                "",
                "Error: SQL file " + directory.resolve("missing.sql") + " does not exist\n"));
    assertThat(locus("sql", " -- nothing\n;"))
        .isEqualTo(new Run(1, "", "Error: The query holds no SQL statement\n"));
    Run format = locus("sql", "--format", "xml", "SELECT 1");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err())
        .startsWith(
            "Invalid value for option '--format': expected one of [table, csv, json];"
                + " found 'xml'");
  }

  @Test
  void namesAnUnreachableDatabaseWithoutItsPassword() {
    Run run =
        locus(
            "sql",
            "--jdbc",
            "far=jdbc:h2:tcp://127.0.0.1:1/nowhere;USER=sa;PASSWORD=secret",
            "SELECT * FROM far.t");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Cannot connect to jdbc:h2:tcp://127.0.0.1:1/nowhere: ")
        .doesNotContain("secret")
        .hasLineCount(1);
  }

  @Test
  void keepsDecimalScaleInEveryFormat() {
    String query = "SELECT CAST(1.5 AS DECIMAL(10, 2)) AS d, CAST(NULL AS INT) AS n";

    assertThat(locus("sql", "--format", "csv", query).out()).isEqualTo("d,n\n1.50,\n");
    assertThat(locus("sql", "--format", "json", query).out())
        .isEqualTo("{\"d\":1.50,\"n\":null}\n");
    assertThat(locus("sql", query).out())
        .isEqualTo(" d    | n   \n------+------\n 1.50 | NULL\n(1 row)\n");
  }

  @Test
  void decimalsOfTpchSumUpExactly() {
    Run run =
        locus(
            "sql",
            "--tpch",
            "0.01",
            "--format",
            "csv",
            "SELECT SUM(s_acctbal) AS total FROM supplier");

    BigDecimal expected =
        StreamSupport.stream(new io.trino.tpch.SupplierGenerator(0.01, 1, 1).spliterator(), false)
            .map(supplier -> BigDecimal.valueOf(supplier.getAccountBalanceInCents(), 2))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(run.out()).isEqualTo("total\n" + expected.toPlainString() + "\n");
  }
}
