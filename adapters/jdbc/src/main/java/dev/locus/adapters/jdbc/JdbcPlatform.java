package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code jdbc} platform: a sub-plan over tables of one database becomes one SQL query that the
 * database runs ({@link #run}), its rows streamed back as Arrow batches by a {@link
 * JdbcQuerySource}. H2 and PostgreSQL are supported (the dialect comes from the URL).
 *
 * <h2>What is pushed</h2>
 *
 * Operators: Scan of a {@link JdbcSource}, Filter, Project, Aggregate (SUM, COUNT, COUNT DISTINCT,
 * MIN, MAX, AVG of DOUBLE; any group keys), Join (INNER, LEFT, RIGHT, FULL as SQL joins; SEMI as
 * {@code EXISTS}, ANTI as {@code NOT EXISTS}; equi keys and a residual), Sort, TopN, Limit,
 * Distinct, Union — when every Scan under the node reads the same database (same URL and user) and
 * every expression is one the database evaluates exactly as Locus does:
 *
 * <ul>
 *   <li>{@code + - *} on INT, BIGINT, DOUBLE and DECIMAL (decimal operands cast to the result's
 *       scale first, the product rounded half-up to it, both as Locus does); {@code /} on INT,
 *       BIGINT (truncating) and DOUBLE; {@code %} on INT and BIGINT; negation, ABS. Integer
 *       overflow and division by zero fail in both.
 *   <li>Comparisons, IN, AND/OR/NOT, IS [NOT] NULL, CASE, COALESCE, over arguments of one kind or
 *       of integer and decimal (or integer and DOUBLE) kinds; DECIMAL against DOUBLE is not pushed.
 *       Ordering comparisons ({@code < <= > >=}, ORDER BY, MIN/MAX) of VARCHAR only under a binary
 *       collation: PostgreSQL columns (or the database default) with collation {@code C} or {@code
 *       POSIX}; H2 without a {@code COLLATION} setting. Caveat: H2 orders by UTF-16 code unit,
 *       Locus by code point, which differ only between characters above U+FFFF and those in
 *       U+E000..U+FFFF.
 *   <li>CAST between INT, BIGINT and DECIMAL (half away from zero in both), INT/BIGINT to DOUBLE
 *       and to VARCHAR, DATE to TIMESTAMP and back. Not pushed: DOUBLE to integers or decimals
 *       (PostgreSQL rounds half to even), DECIMAL to DOUBLE, anything to BOOLEAN, VARCHAR parsing,
 *       and formatting DOUBLE, DECIMAL, DATE or BOOLEAN as text.
 *   <li>LIKE with a constant pattern without backslash (both databases read {@code \} as escape);
 *       SUBSTRING (H2: only constant start >= 1 and length >= 0: H2 counts a start before 1
 *       differently); TRIM; {@code ||}; UPPER/LOWER on H2 only (PostgreSQL maps case by its
 *       locale); LENGTH on PostgreSQL only (H2 counts UTF-16 units).
 *   <li>EXTRACT(YEAR/MONTH/DAY), date + days, date + months (both clamp to the month's end).
 * </ul>
 *
 * Not pushed: DECIMAL division (the result scale differs), AVG of anything but DOUBLE (AVG of
 * DECIMAL rounds differently; Locus averages integers as DOUBLE), MIN/MAX of BOOLEAN (PostgreSQL
 * has none), any comparison, key or function of a {@code CHAR(n)} column (databases ignore trailing
 * spaces, Locus reads the padded value), SINGLE_VALUE, Values, Sink and object operators.
 *
 * <h2>The query</h2>
 *
 * Values are never written into the SQL: each constant is a {@code CAST(? AS type)} parameter bound
 * with its type; identifiers are quoted and escaped. Output columns are cast to {@code
 * plan.schema()}'s types where the database would produce another (COUNT, SUM, arithmetic).
 */
public final class JdbcPlatform implements Platform {
  /** The resource with the shipped cost parameters. */
  public static final String COSTS_RESOURCE = "dev/locus/adapters/jdbc/costs.properties";

  private final DatabaseInfo info = new DatabaseInfo();
  private final PlatformCosts costs;

  public JdbcPlatform() {
    this(loadCosts());
  }

  public JdbcPlatform(PlatformCosts costs) {
    this.costs = requireNonNull(costs, "costs is null");
  }

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Optional<String> cannotRun(LogicalPlan node) {
    requireNonNull(node, "node is null");
    try {
      new PushdownAnalyzer(info).analyze(node);
      return Optional.empty();
    } catch (NotPushedException e) {
      return Optional.of(e.getMessage());
    } catch (LocusException e) {
      return Optional.of(node.operatorName() + " is not pushed: " + e.getMessage());
    }
  }

  @Override
  public JdbcQuerySource run(LogicalPlan plan) {
    requireNonNull(plan, "plan is null");
    PushdownAnalyzer.Analysis analysis;
    try {
      analysis = new PushdownAnalyzer(info).analyze(plan);
    } catch (NotPushedException e) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED, "The jdbc platform cannot run this plan: " + e.getMessage());
    }
    SqlGenerator generator = new SqlGenerator(analysis.dialect(), analysis.expressions());
    SqlGenerator.Block block = generator.generate(plan);
    return new JdbcQuerySource(
        analysis.database(), generator, block, plan.schema(), estimate(plan), uniqueKeys(plan));
  }

  /** A Scan with Filters and Projects over it reads about the table; else the core estimate. */
  private static long estimate(LogicalPlan plan) {
    LogicalPlan node = plan;
    while (node instanceof Filter || node instanceof Project) {
      node = node.inputs().get(0);
    }
    if (node == plan && plan instanceof Scan scan) {
      return scan.source().estimatedRows();
    }
    return CardinalityEstimator.estimate(plan);
  }

  /** A Scan's key when the scan keeps all of its columns in place. */
  private static List<List<Integer>> uniqueKeys(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      List<List<Integer>> keys = new java.util.ArrayList<>();
      for (List<Integer> key : scan.source().uniqueKeys()) {
        List<Integer> mapped = new java.util.ArrayList<>();
        for (int column : key) {
          int index = scan.columns().indexOf(column);
          if (index < 0) {
            mapped = null;
            break;
          }
          mapped.add(index);
        }
        if (mapped != null) {
          keys.add(List.copyOf(mapped));
        }
      }
      return keys;
    }
    return List.of();
  }

  @Override
  public PlatformCosts costs() {
    return costs;
  }

  /** The shipped costs from {@value #COSTS_RESOURCE}. */
  static PlatformCosts loadCosts() {
    Properties properties = new Properties();
    try (InputStream in = JdbcPlatform.class.getClassLoader().getResourceAsStream(COSTS_RESOURCE)) {
      if (in == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "Resource " + COSTS_RESOURCE + " is missing");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot read " + COSTS_RESOURCE + ": " + e.getMessage(), e);
    }
    return new PlatformCosts(
        number(properties, "startupMillis"),
        number(properties, "millisPerMillionRows"),
        number(properties, "millisPerMillionRowsIn"),
        number(properties, "millisPerMillionRowsOut"));
  }

  private static double number(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Resource " + COSTS_RESOURCE + " has no '" + key + "'");
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Property '"
              + key
              + "' of "
              + COSTS_RESOURCE
              + " must be a number; found '"
              + value
              + "'");
    }
  }
}
