package dev.locus.adapters.jdbc;

import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a sub-plan can run as one query of one database, following the rules of {@link
 * JdbcPlatform}: every leaf a {@link JdbcSource} of the same database, every expression one the
 * database evaluates exactly as Locus.
 */
final class PushdownAnalyzer {
  /** What a pushable sub-plan reads and the traits of its output columns. */
  record Analysis(
      JdbcSource.DatabaseKey database,
      Dialect dialect,
      SqlExpressions expressions,
      List<ColumnTraits> columns) {}

  private final DatabaseInfo info;

  PushdownAnalyzer(DatabaseInfo info) {
    this.info = info;
  }

  /** The analysis of a pushable plan, or a {@link NotPushedException} saying why not. */
  Analysis analyze(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      if (!(scan.source() instanceof JdbcSource source)) {
        throw new NotPushedException(
            "Scan of " + scan.source().name() + " is not pushed: it is not a JDBC table");
      }
      JdbcSource.DatabaseKey database = source.database();
      Dialect dialect =
          Dialect.of(source.url())
              .orElseThrow(
                  () ->
                      new NotPushedException(
                          "Scan of "
                              + source.name()
                              + " is not pushed: the jdbc platform writes SQL for H2 and"
                              + " PostgreSQL only"));
      List<Boolean> binary = info.binaryColumns(source, dialect);
      List<ColumnTraits> columns = new ArrayList<>();
      for (int column : scan.columns()) {
        columns.add(new ColumnTraits(binary.get(column), source.isPadded(column)));
      }
      return new Analysis(database, dialect, expressions(database, dialect), columns);
    }
    if (plan instanceof Filter filter) {
      Analysis input = analyze(filter.input());
      input
          .expressions()
          .check(filter.condition(), filter.input().schema(), input.columns(), "Filter");
      return input;
    }
    if (plan instanceof Project project) {
      Analysis input = analyze(project.input());
      List<ColumnTraits> columns = new ArrayList<>();
      for (var expression : project.expressions()) {
        columns.add(
            input
                .expressions()
                .check(expression, project.input().schema(), input.columns(), "Project"));
      }
      return with(input, columns);
    }
    if (plan instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (plan instanceof Join join) {
      return join(join);
    }
    if (plan instanceof Sort sort) {
      Analysis input = analyze(sort.input());
      checkSortKeys("Sort", sort.keys(), sort.input().schema(), input);
      return input;
    }
    if (plan instanceof TopN topN) {
      Analysis input = analyze(topN.input());
      checkSortKeys("TopN", topN.keys(), topN.input().schema(), input);
      return input;
    }
    if (plan instanceof Limit limit) {
      return analyze(limit.input());
    }
    if (plan instanceof Distinct distinct) {
      return analyze(distinct.input());
    }
    if (plan instanceof Union union) {
      Analysis first = analyze(union.inputs().get(0));
      List<ColumnTraits> columns = new ArrayList<>(first.columns());
      for (LogicalPlan input : union.inputs().subList(1, union.inputs().size())) {
        Analysis other = analyze(input);
        sameDatabase("Union", first, other);
        for (int i = 0; i < columns.size(); i++) {
          ColumnTraits a = columns.get(i);
          ColumnTraits b = other.columns().get(i);
          columns.set(
              i, new ColumnTraits(a.binaryOrder() && b.binaryOrder(), a.padded() || b.padded()));
        }
      }
      return with(first, columns);
    }
    throw new NotPushedException(
        plan.operatorName()
            + " is not pushed: the jdbc platform runs Scan, Filter, Project, Aggregate, Join,"
            + " Sort, TopN, Limit, Distinct and Union over JDBC tables");
  }

  private Analysis aggregate(Aggregate aggregate) {
    Analysis input = analyze(aggregate.input());
    Schema schema = aggregate.input().schema();
    List<ColumnTraits> columns = new ArrayList<>();
    for (int key : aggregate.groupKeys()) {
      columns.add(input.columns().get(key));
    }
    for (AggregateCall call : aggregate.aggregates()) {
      DataType argumentType = call.argument() < 0 ? null : schema.type(call.argument());
      ColumnTraits argument =
          call.argument() < 0 ? ColumnTraits.PLAIN_BINARY : input.columns().get(call.argument());
      String label =
          "Aggregate "
              + call.function()
              + (call.distinct() ? " DISTINCT" : "")
              + (argumentType == null ? "(*)" : " over " + argumentType);
      switch (call.function()) {
        case COUNT -> columns.add(ColumnTraits.PLAIN_BINARY);
        case SUM -> columns.add(ColumnTraits.PLAIN_BINARY);
        case AVG -> {
          if (argumentType.kind() != Kind.DOUBLE) {
            throw new NotPushedException(
                label
                    + " is not pushed: "
                    + input.dialect().displayName()
                    + " and Locus round differently"
                    + (argumentType.isDecimal()
                        ? " (Locus rounds half-up to scale " + call.type().scale() + ")"
                        : " (Locus averages integers as DOUBLE)"));
          }
          columns.add(ColumnTraits.PLAIN_BINARY);
        }
        case MIN, MAX -> {
          if (argumentType.kind() == Kind.BOOLEAN || argumentType.kind() == Kind.OBJECT) {
            throw new NotPushedException(
                label
                    + " is not pushed: "
                    + input.dialect().displayName()
                    + " has no "
                    + call.function()
                    + " of "
                    + argumentType);
          }
          if (argumentType.kind() == Kind.VARCHAR
              && (argument.padded() || !argument.binaryOrder())) {
            throw new NotPushedException(
                label
                    + " is not pushed: "
                    + (argument.padded()
                        ? "a CHAR(n) column's trailing spaces are ignored by "
                            + input.dialect().displayName()
                        : "ordering VARCHAR values follows the collation of "
                            + input.database().displayUrl()
                            + ", which is not binary (C or POSIX)"));
          }
          columns.add(argument);
        }
      }
    }
    return with(input, columns);
  }

  private Analysis join(Join join) {
    Analysis left = analyze(join.left());
    Analysis right = analyze(join.right());
    sameDatabase("Join", left, right);
    if (join.type() == JoinType.FULL && left.dialect() == Dialect.H2) {
      throw new NotPushedException("Join FULL is not pushed to H2: H2 has no FULL OUTER JOIN");
    }
    if (left.dialect() == Dialect.H2
        && (!isSingleTable(join.left()) || !isSingleTable(join.right()))) {
      // Measured: TPC-H Q9 and Q18 at SF 0.01 took 22 s and 35 s with such joins in H2, against
      // under a second natively.
      throw new NotPushedException(
          "Join of a derived table is not pushed to H2: H2 joins derived tables by nested loops"
              + " over all their rows");
    }
    Schema leftSchema = join.left().schema();
    Schema rightSchema = join.right().schema();
    for (int i = 0; i < join.leftKeys().size(); i++) {
      int l = join.leftKeys().get(i);
      int r = join.rightKeys().get(i);
      String keys = leftSchema.field(l).name() + " = " + rightSchema.field(r).name();
      if (left.columns().get(l).padded() || right.columns().get(r).padded()) {
        throw new NotPushedException(
            "Join key "
                + keys
                + " is not pushed: a CHAR(n) column's trailing spaces are ignored by "
                + left.dialect().displayName()
                + " and kept by Locus");
      }
      SqlExpressions.comparableTypes(
          List.of(leftSchema.type(l), rightSchema.type(r)),
          () ->
              new NotPushedException(
                  "Join key "
                      + keys
                      + " is not pushed: comparing "
                      + leftSchema.type(l)
                      + " with "
                      + rightSchema.type(r)
                      + " converts differently"));
    }
    List<ColumnTraits> all = new ArrayList<>(left.columns());
    all.addAll(right.columns());
    if (join.hasResidual()) {
      left.expressions()
          .check(join.residual(), leftSchema.concat(rightSchema), all, "Join " + join.type());
    }
    return with(left, join.type().outputsRight() ? all : left.columns());
  }

  /** A table read with at most a filter and a projection: H2 joins it through its indexes. */
  private static boolean isSingleTable(LogicalPlan plan) {
    LogicalPlan node = plan;
    while (node instanceof dev.locus.core.plan.Filter
        || node instanceof dev.locus.core.plan.Project) {
      node = node.inputs().get(0);
    }
    return node instanceof dev.locus.core.plan.Scan;
  }

  private void checkSortKeys(String node, List<SortKey> keys, Schema schema, Analysis input) {
    for (SortKey key : keys) {
      ColumnTraits traits = input.columns().get(key.column());
      if (schema.type(key.column()).kind() != Kind.VARCHAR) {
        continue;
      }
      String column = schema.field(key.column()).name();
      if (traits.padded()) {
        throw new NotPushedException(
            node
                + " by "
                + column
                + " is not pushed: a CHAR(n) column's trailing spaces are ignored by "
                + input.dialect().displayName()
                + " and kept by Locus");
      }
      if (!traits.binaryOrder()) {
        throw new NotPushedException(
            node
                + " by VARCHAR "
                + column
                + " is not pushed: ordering VARCHAR values follows the collation of "
                + input.database().displayUrl()
                + ", which is not binary (C or POSIX)");
      }
    }
  }

  private static void sameDatabase(String node, Analysis a, Analysis b) {
    if (!a.database().equals(b.database())) {
      throw new NotPushedException(
          node + " reads two databases: " + a.database() + " and " + b.database());
    }
  }

  private SqlExpressions expressions(JdbcSource.DatabaseKey database, Dialect dialect) {
    return new SqlExpressions(
        dialect, database.displayUrl(), info.binaryDefault(database, dialect));
  }

  private static Analysis with(Analysis analysis, List<ColumnTraits> columns) {
    return new Analysis(
        analysis.database(), analysis.dialect(), analysis.expressions(), List.copyOf(columns));
  }
}
