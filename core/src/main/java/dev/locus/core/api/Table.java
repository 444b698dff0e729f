package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.expr.AggregateExpression;
import dev.locus.core.expr.Expression;
import dev.locus.core.expr.ExpressionBinder;
import dev.locus.core.expr.Expressions;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.RowExpressions;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.RowsToObjects;
import dev.locus.core.plan.Sink;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.records.RecordSchemas;
import dev.locus.core.sink.SinkTarget;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A relational table: an immutable logical plan with a schema, built with expressions. Every method
 * returns a new table; nothing runs until {@link #collect}, {@link #execute} or {@link #write}.
 */
public final class Table {
  private final Locus locus;
  private final LogicalPlan plan;

  Table(Locus locus, LogicalPlan plan) {
    this.locus = requireNonNull(locus, "locus is null");
    this.plan = requireNonNull(plan, "plan is null");
    if (plan.schema().isObjects()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A Table needs columns; this plan produces Java objects: use DataSet.toTable");
    }
  }

  public LogicalPlan plan() {
    return plan;
  }

  public Schema schema() {
    return plan.schema();
  }

  public Locus locus() {
    return locus;
  }

  private Table with(LogicalPlan newPlan) {
    return new Table(locus, newPlan);
  }

  /** Keeps the rows for which the condition is TRUE. */
  public Table filter(Expression condition) {
    return with(new Filter(plan, ExpressionBinder.bindCondition(condition, schema(), "Filter")));
  }

  /** Alias of {@link #filter}. */
  public Table where(Expression condition) {
    return filter(condition);
  }

  /** The listed columns, in that order. */
  public Table select(String... columns) {
    return select(Arrays.stream(columns).map(Expressions::col).toArray(Expression[]::new));
  }

  /** One column per expression, named by its alias or its text. */
  public Table select(Expression... expressions) {
    List<RowExpression> bound = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Expression expression : expressions) {
      bound.add(ExpressionBinder.bind(expression, schema(), "Project"));
      names.add(expression.defaultName());
    }
    return with(new Project(plan, bound, names));
  }

  /** All columns plus one computed column (replacing a column of the same name). */
  public Table withColumn(String name, Expression expression) {
    Schema schema = schema();
    List<RowExpression> bound = new ArrayList<>();
    List<String> names = new ArrayList<>();
    RowExpression added = ExpressionBinder.bind(expression, schema, "Project");
    boolean replaced = false;
    for (int i = 0; i < schema.size(); i++) {
      if (schema.field(i).name().equalsIgnoreCase(name)) {
        bound.add(added);
        replaced = true;
      } else {
        bound.add(new InputRef(i, schema.type(i)));
      }
      names.add(schema.field(i).name());
    }
    if (!replaced) {
      bound.add(added);
      names.add(name);
    }
    return with(new Project(plan, bound, names));
  }

  public GroupedTable groupBy(String... keys) {
    return groupBy(Arrays.stream(keys).map(Expressions::col).toArray(Expression[]::new));
  }

  public GroupedTable groupBy(Expression... keys) {
    return new GroupedTable(this, List.of(keys));
  }

  /** One row of aggregates over all rows. */
  public Table agg(AggregateExpression... aggregates) {
    return aggregate(List.of(), List.of(aggregates));
  }

  Table aggregate(List<Expression> keys, List<AggregateExpression> aggregates) {
    Schema schema = schema();
    List<RowExpression> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Expression key : keys) {
      projected.add(ExpressionBinder.bind(key, schema, "Aggregate"));
      names.add(key.defaultName());
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (AggregateExpression aggregate : aggregates) {
      if (aggregate.argument() == null) {
        calls.add(AggregateCall.of(aggregate.function(), -1, null, false, aggregate.name()));
        continue;
      }
      RowExpression argument = ExpressionBinder.bind(aggregate.argument(), schema, "Aggregate");
      int index = projected.indexOf(argument);
      if (index < 0) {
        index = projected.size();
        projected.add(argument);
        names.add("$arg" + index);
      }
      calls.add(
          AggregateCall.of(
              aggregate.function(),
              index,
              argument.type(),
              aggregate.distinct(),
              aggregate.name()));
    }
    List<Integer> groupKeys = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      groupKeys.add(i);
    }
    // COUNT(*) alone needs no column: aggregate the input as it is.
    LogicalPlan input = projected.isEmpty() ? plan : new Project(plan, projected, names);
    return with(new Aggregate(input, groupKeys, calls));
  }

  /** Inner join on a condition over both tables' columns. */
  public Table join(Table right, Expression condition) {
    return join(right, condition, JoinType.INNER);
  }

  /**
   * Joins on a condition over both tables' columns: equalities between an expression of this table
   * and one of the other become hash keys, the rest is evaluated on matching pairs.
   */
  public Table join(Table right, Expression condition, JoinType type) {
    Schema leftSchema = schema();
    Schema rightSchema = right.schema();
    int leftWidth = leftSchema.size();
    RowExpression bound =
        ExpressionBinder.bindCondition(condition, leftSchema.concat(rightSchema), "Join");

    List<RowExpression> leftKeyExpressions = new ArrayList<>();
    List<RowExpression> rightKeyExpressions = new ArrayList<>();
    List<RowExpression> residual = new ArrayList<>();
    for (RowExpression conjunct : RowExpressions.conjuncts(bound)) {
      if (conjunct instanceof FunctionCall call && call.function() == ScalarFunction.EQUAL) {
        RowExpression a = call.argument(0);
        RowExpression b = call.argument(1);
        if (side(a, leftWidth) == Side.LEFT && side(b, leftWidth) == Side.RIGHT) {
          leftKeyExpressions.add(a);
          rightKeyExpressions.add(RowExpressions.remap(b, i -> i - leftWidth));
          continue;
        }
        if (side(a, leftWidth) == Side.RIGHT && side(b, leftWidth) == Side.LEFT) {
          leftKeyExpressions.add(b);
          rightKeyExpressions.add(RowExpressions.remap(a, i -> i - leftWidth));
          continue;
        }
      }
      residual.add(conjunct);
    }

    // Keys that are not plain columns are computed by a projection below the join.
    KeyedInput leftInput = keyed(plan, leftKeyExpressions);
    KeyedInput rightInput = keyed(right.plan, rightKeyExpressions);
    int leftExtra = leftInput.extraColumns();
    RowExpression residualCondition =
        RowExpressions.remap(RowExpressions.and(residual), i -> i < leftWidth ? i : i + leftExtra);
    Join join =
        new Join(
            leftInput.plan(),
            rightInput.plan(),
            type,
            leftInput.keys(),
            rightInput.keys(),
            residual.isEmpty() ? Join.TRUE : residualCondition);
    if (leftExtra == 0 && rightInput.extraColumns() == 0) {
      return with(join);
    }
    // Drop the computed key columns again.
    Schema joined = join.schema();
    List<RowExpression> kept = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < leftWidth; i++) {
      kept.add(new InputRef(i, joined.type(i)));
      names.add(joined.field(i).name());
    }
    if (type.outputsRight()) {
      int rightStart = leftWidth + leftExtra;
      for (int i = 0; i < rightSchema.size(); i++) {
        kept.add(new InputRef(rightStart + i, joined.type(rightStart + i)));
        names.add(joined.field(rightStart + i).name());
      }
    }
    return with(new Project(join, kept, names));
  }

  private enum Side {
    LEFT,
    RIGHT,
    BOTH,
    NONE
  }

  private static Side side(RowExpression expression, int leftWidth) {
    BitSet inputs = RowExpressions.inputs(expression);
    if (inputs.isEmpty()) {
      return Side.NONE;
    }
    boolean left = inputs.nextSetBit(0) < leftWidth;
    boolean right = inputs.length() > leftWidth;
    return left && right ? Side.BOTH : left ? Side.LEFT : Side.RIGHT;
  }

  private record KeyedInput(LogicalPlan plan, List<Integer> keys, int extraColumns) {}

  private static KeyedInput keyed(LogicalPlan input, List<RowExpression> keyExpressions) {
    Schema schema = input.schema();
    List<Integer> keys = new ArrayList<>();
    List<RowExpression> extra = new ArrayList<>();
    for (RowExpression key : keyExpressions) {
      if (key instanceof InputRef ref) {
        keys.add(ref.index());
      } else {
        keys.add(schema.size() + extra.size());
        extra.add(key);
      }
    }
    if (extra.isEmpty()) {
      return new KeyedInput(input, keys, 0);
    }
    List<RowExpression> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      projected.add(new InputRef(i, schema.type(i)));
      names.add(schema.field(i).name());
    }
    for (int i = 0; i < extra.size(); i++) {
      projected.add(extra.get(i));
      names.add("$key" + i);
    }
    return new KeyedInput(new Project(input, projected, names), keys, extra.size());
  }

  /** Orders rows; expressions other than columns are computed for the sort and dropped after. */
  public Table orderBy(SortOrder... orders) {
    Schema schema = schema();
    List<SortKey> keys = new ArrayList<>();
    List<RowExpression> extra = new ArrayList<>();
    for (SortOrder order : orders) {
      RowExpression bound = ExpressionBinder.bind(order.expression(), schema, "Sort");
      int column;
      if (bound instanceof InputRef ref) {
        column = ref.index();
      } else {
        column = schema.size() + extra.size();
        extra.add(bound);
      }
      keys.add(new SortKey(column, order.ascending(), order.nullsFirst()));
    }
    if (extra.isEmpty()) {
      return with(new Sort(plan, keys));
    }
    List<RowExpression> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      projected.add(new InputRef(i, schema.type(i)));
      names.add(schema.field(i).name());
    }
    for (int i = 0; i < extra.size(); i++) {
      projected.add(extra.get(i));
      names.add("$sort" + i);
    }
    Sort sort = new Sort(new Project(plan, projected, names), keys);
    return with(
        new Project(sort, projected.subList(0, schema.size()), names.subList(0, schema.size())));
  }

  /** Orders by columns, ascending. */
  public Table orderBy(String... columns) {
    return orderBy(
        Arrays.stream(columns)
            .map(c -> SortOrder.asc(Expressions.col(c)))
            .toArray(SortOrder[]::new));
  }

  /** The first {@code count} rows; after {@link #orderBy} this is a top-N. */
  public Table limit(long count) {
    return limit(0, count);
  }

  public Table limit(long offset, long count) {
    if (offset == 0 && plan instanceof Sort sort) {
      return with(new TopN(sort.input(), sort.keys(), count));
    }
    if (offset == 0
        && plan instanceof Project project
        && project.input() instanceof Sort sort
        && project.expressions().stream().allMatch(e -> e instanceof InputRef)) {
      return with(project.withInputs(List.of(new TopN(sort.input(), sort.keys(), count))));
    }
    return with(new Limit(plan, offset, count));
  }

  public Table distinct() {
    return with(new Distinct(plan));
  }

  /** All rows of both tables (UNION ALL). */
  public Table unionAll(Table other) {
    return with(new Union(List.of(plan, other.plan)));
  }

  /** The distinct rows of both tables (UNION). */
  public Table union(Table other) {
    return unionAll(other).distinct();
  }

  /** Writes the rows to a target; returns the number of rows written. */
  public long write(SinkTarget target) {
    QueryResult result = locus.execute(new Sink(plan, target));
    return ((Number) result.rows().get(0).get(0)).longValue();
  }

  /** Runs the plan; rows and what the run measured. */
  public QueryResult execute() {
    return locus.execute(plan);
  }

  /** Runs the plan and returns its rows. */
  public List<Row> collect() {
    QueryResult result = execute();
    Schema schema = result.schema();
    return result.rows().stream().map(values -> new Row(schema, values)).toList();
  }

  public long count() {
    return ((Number) agg(Expressions.countStar()).execute().rows().get(0).get(0)).longValue();
  }

  /** The plan as an indented tree with each operator's estimated output rows. */
  /**
   * Runs this table's last operator on one platform ({@code native}, {@code jdbc}, {@code spark},
   * {@code flink}) instead of where the optimizer would choose; the operators under it are still
   * chosen by cost. The query fails, naming the operator and the reason, if that platform cannot
   * run it.
   */
  public Table withPlatform(String platform) {
    return new Table(locus, new dev.locus.core.plan.PlatformHint(plan, platform));
  }

  public String explain() {
    return locus.executor().explain(plan, null);
  }

  /**
   * The rows as Java records: record components match columns by position, and each column's type
   * must be readable into its component (see {@link RecordSchemas}); a mismatch is an error here,
   * when the plan is built. Column names need not match component names.
   */
  public <T extends Record> DataSet<T> as(Class<T> recordClass) {
    RecordSchemas.checkReadable(recordClass, schema());
    return new DataSet<>(locus, new RowsToObjects(plan, recordClass));
  }
}
