package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;
import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.lit;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
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
import dev.locus.core.plan.Values;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.ApiExpression;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;

/**
 * A Locus plan as a Flink Table. Every translated node's columns are named {@code f0, f1, ...} (see
 * {@link ColumnNames}); the inputs of a join are renamed {@code l*} and {@code r*} first.
 */
final class PlanTranslator {
  private static final String LEFT = "l";
  private static final String RIGHT = "r";
  private static final String ROW_ID = "row_id";
  private static final String MATCHED = "matched";

  private final StreamTableEnvironment tableEnvironment;
  private final TableInputs inputs;

  PlanTranslator(StreamTableEnvironment tableEnvironment, TableInputs inputs) {
    this.tableEnvironment = requireNonNull(tableEnvironment, "tableEnvironment is null");
    this.inputs = requireNonNull(inputs, "inputs is null");
  }

  /** How rows of Locus sources and literal rows get into Flink. */
  interface TableInputs {
    DataStream<Row> scan(Scan scan, TypeInformation<Row> rowType);

    DataStream<Row> rows(List<List<Object>> rows, TypeInformation<Row> rowType);
  }

  /** Why Flink cannot run {@code node} (its inputs aside), if it cannot. */
  static Optional<String> cannotRun(LogicalPlan node) {
    for (dev.locus.core.type.Field field : node.schema().fields()) {
      if (field.type().kind() == DataType.Kind.OBJECT) {
        return Optional.of(
            "Flink does not run typed object operators yet; "
                + node.operatorName()
                + " has OBJECT column '"
                + field.name()
                + "'");
      }
    }
    if (node instanceof Scan || node instanceof Values) {
      return Optional.empty();
    }
    if (node instanceof Filter filter) {
      return ExpressionTranslator.cannotTranslate(filter.condition());
    }
    if (node instanceof Project project) {
      return project.expressions().stream()
          .map(ExpressionTranslator::cannotTranslate)
          .flatMap(Optional::stream)
          .findFirst();
    }
    if (node instanceof Join join) {
      boolean outer =
          join.type() == JoinType.LEFT
              || join.type() == JoinType.RIGHT
              || join.type() == JoinType.FULL;
      if (outer && (join.hasResidual() || join.leftKeys().isEmpty())) {
        // The Table API takes only plain column comparisons in a join condition, and outer
        // joins need an equality; a residual cannot move to a filter after an outer join.
        return Optional.of(
            "Flink does not run "
                + join.type()
                + " joins with a residual condition or without equal keys; found "
                + join.describe());
      }
      return ExpressionTranslator.cannotTranslate(join.residual());
    }
    if (node instanceof Aggregate
        || node instanceof Sort
        || node instanceof TopN
        || node instanceof Limit
        || node instanceof Distinct
        || node instanceof Union) {
      return Optional.empty();
    }
    return Optional.of("Flink does not run " + node.operatorName() + " yet");
  }

  /** The plan's rows as a table with columns {@code f0..}, cast to the plan's Locus types. */
  Table translateRoot(LogicalPlan plan) {
    // Order-giving nodes stay on top, so that no projection after them can reorder rows.
    if (plan instanceof Sort sort) {
      return translateRoot(sort.input()).orderBy(sortKeys(sort.keys()));
    }
    if (plan instanceof TopN topN) {
      Table sorted = translateRoot(topN.input()).orderBy(sortKeys(topN.keys()));
      return topN.count() == 0 ? empty(sorted) : fetch(sorted, topN.count());
    }
    Table table = translate(plan);
    Schema schema = plan.schema();
    List<Expression> columns = new ArrayList<>(schema.size());
    for (int i = 0; i < schema.size(); i++) {
      columns.add(output(i).cast(FlinkTypes.toFlink(schema.type(i))).as(name(i)));
    }
    return table.select(columns.toArray(new Expression[0]));
  }

  private Table translate(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return fromStream(inputs.scan(scan, rowType(scan.schema())), scan.schema());
    }
    if (plan instanceof Values values) {
      return translateValues(values);
    }
    if (plan instanceof Filter filter) {
      return translate(filter.input()).where(outputTranslator().translate(filter.condition()));
    }
    if (plan instanceof Project project) {
      ExpressionTranslator translator = outputTranslator();
      List<Expression> columns = new ArrayList<>();
      for (int i = 0; i < project.expressions().size(); i++) {
        columns.add(translator.translate(project.expressions().get(i)).as(name(i)));
      }
      return translate(project.input()).select(columns.toArray(new Expression[0]));
    }
    if (plan instanceof Aggregate aggregate) {
      return translateAggregate(aggregate);
    }
    if (plan instanceof Join join) {
      return translateJoin(join);
    }
    if (plan instanceof Sort sort) {
      return translate(sort.input()).orderBy(sortKeys(sort.keys()));
    }
    if (plan instanceof TopN topN) {
      Table sorted = translate(topN.input()).orderBy(sortKeys(topN.keys()));
      return topN.count() == 0 ? empty(sorted) : fetch(sorted, topN.count());
    }
    if (plan instanceof Limit limit) {
      Table table = translate(limit.input());
      if (limit.count() == 0) {
        return empty(table);
      }
      if (limit.offset() > 0) {
        table = table.offset(Math.toIntExact(limit.offset()));
      }
      return fetch(table, limit.count());
    }
    if (plan instanceof Distinct distinct) {
      return translate(distinct.input()).distinct();
    }
    if (plan instanceof Union union) {
      Table result = translate(union.inputs().get(0));
      for (LogicalPlan input : union.inputs().subList(1, union.inputs().size())) {
        result = result.unionAll(translate(input));
      }
      return result;
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Flink does not run " + plan.operatorName() + " yet; plan node: " + plan.describe());
  }

  private Table translateValues(Values values) {
    Schema schema = values.schema();
    if (values.rows().isEmpty()) {
      List<Object> nulls = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        nulls.add(null);
      }
      return empty(fromStream(inputs.rows(List.of(nulls), rowType(schema)), schema));
    }
    return fromStream(inputs.rows(values.rows(), rowType(schema)), schema);
  }

  private Table fromStream(DataStream<Row> stream, Schema schema) {
    // The stream's row type already names the columns f0.. with the exact Flink types.
    requireNonNull(schema, "schema is null");
    return tableEnvironment.fromDataStream(stream);
  }

  private Table translateAggregate(Aggregate aggregate) {
    Table input = translate(aggregate.input());
    Schema inputSchema = aggregate.input().schema();
    List<Expression> keys = new ArrayList<>();
    List<Expression> selected = new ArrayList<>();
    List<Expression> casts = new ArrayList<>();
    int column = 0;
    for (int key : aggregate.groupKeys()) {
      keys.add(output(key));
      selected.add(output(key).as(name(column)));
      casts.add(output(column));
      column++;
    }
    for (AggregateCall call : aggregate.aggregates()) {
      ApiExpression aggregated = aggregateCall(call, inputSchema);
      selected.add(aggregated.as(name(column)));
      casts.add(output(column).cast(FlinkTypes.toFlink(call.type())).as(name(column)));
      column++;
    }
    Table aggregatedTable;
    if (keys.isEmpty()) {
      aggregatedTable = input.select(selected.toArray(new Expression[0]));
    } else {
      aggregatedTable =
          input
              .groupBy(keys.toArray(new Expression[0]))
              .select(selected.toArray(new Expression[0]));
    }
    return aggregatedTable.select(casts.toArray(new Expression[0]));
  }

  private static ApiExpression aggregateCall(AggregateCall call, Schema inputSchema) {
    if (call.argument() < 0) {
      return lit(1).count();
    }
    ApiExpression argument = output(call.argument());
    DataType.Kind kind = inputSchema.type(call.argument()).kind();
    ApiExpression result =
        switch (call.function()) {
          case COUNT -> argument.count();
          // Flink sums INT as INT (overflowing) and averages integers as integers.
          case SUM ->
              (kind == DataType.Kind.INT ? argument.cast(DataTypes.BIGINT()) : argument).sum();
          case AVG ->
              (kind == DataType.Kind.INT || kind == DataType.Kind.BIGINT
                      ? argument.cast(DataTypes.DOUBLE())
                      : argument)
                  .avg();
          case MIN -> argument.min();
          case MAX -> argument.max();
        };
    return call.distinct() ? result.distinct() : result;
  }

  private Table translateJoin(Join join) {
    int leftWidth = join.left().schema().size();
    int rightWidth = join.right().schema().size();
    Table left = renamed(translate(join.left()), LEFT, leftWidth);
    Table right = renamed(translate(join.right()), RIGHT, rightWidth);
    ExpressionTranslator residual =
        new ExpressionTranslator(
            index ->
                index < leftWidth
                    ? ColumnNames.name(LEFT, index)
                    : ColumnNames.name(RIGHT, index - leftWidth));
    List<ApiExpression> keyConditions = new ArrayList<>();
    for (int i = 0; i < join.leftKeys().size(); i++) {
      keyConditions.add(
          $(ColumnNames.name(LEFT, join.leftKeys().get(i)))
              .isEqual($(ColumnNames.name(RIGHT, join.rightKeys().get(i)))));
    }
    // The Table API's join condition takes column comparisons only: the residual (which may
    // hold casts and arithmetic) is a filter after an inner join; Flink pushes it back in.
    Optional<ApiExpression> keys =
        keyConditions.isEmpty() ? Optional.empty() : Optional.of(and(keyConditions));
    Optional<ApiExpression> residualCondition =
        join.hasResidual() ? Optional.of(residual.translate(join.residual())) : Optional.empty();
    List<Expression> leftColumns = columns(LEFT, leftWidth, 0);
    if (join.type() == JoinType.SEMI || join.type() == JoinType.ANTI) {
      return residualCondition.isPresent() || keys.isEmpty()
          ? semiOrAntiByRowId(join, left, right, keys, residualCondition, leftWidth)
          : semiOrAntiByKeys(join, left, right, keys.get(), leftColumns);
    }
    Table joined =
        switch (join.type()) {
          case INNER -> innerJoin(left, right, keys, residualCondition);
          case LEFT -> left.leftOuterJoin(right, keys.orElseThrow());
          case RIGHT -> left.rightOuterJoin(right, keys.orElseThrow());
          case FULL -> left.fullOuterJoin(right, keys.orElseThrow());
          case SEMI, ANTI -> throw new IllegalStateException("handled above");
        };
    List<Expression> all = new ArrayList<>(leftColumns);
    all.addAll(columns(RIGHT, rightWidth, leftWidth));
    return joined.select(all.toArray(new Expression[0]));
  }

  private static Table innerJoin(
      Table left,
      Table right,
      Optional<ApiExpression> keys,
      Optional<ApiExpression> residualCondition) {
    Table joined = keys.isPresent() ? left.join(right, keys.get()) : left.join(right);
    return residualCondition.isPresent() ? joined.where(residualCondition.get()) : joined;
  }

  /** SEMI and ANTI on equal keys only: a join with the right side's distinct keys. */
  private static Table semiOrAntiByKeys(
      Join join, Table left, Table right, ApiExpression condition, List<Expression> leftColumns) {
    List<Expression> rightKeys = new ArrayList<>();
    for (int key : join.rightKeys()) {
      rightKeys.add($(ColumnNames.name(RIGHT, key)));
    }
    Table keys = right.select(rightKeys.toArray(new Expression[0])).distinct();
    Expression[] output = leftColumns.toArray(new Expression[0]);
    if (join.type() == JoinType.SEMI) {
      return left.join(keys, condition).select(output);
    }
    Table marked = keys.addColumns(lit(true).as(MATCHED));
    return left.leftOuterJoin(marked, condition).where($(MATCHED).isNull()).select(output);
  }

  /**
   * SEMI and ANTI with a residual condition: number the left rows, join, and keep (or drop) the
   * numbers that matched, so that duplicate left rows stay duplicates.
   */
  private Table semiOrAntiByRowId(
      Join join,
      Table left,
      Table right,
      Optional<ApiExpression> keys,
      Optional<ApiExpression> residualCondition,
      int leftWidth) {
    Schema leftSchema = join.left().schema();
    List<String> names = ColumnNames.names(LEFT, leftWidth);
    names.add(ROW_ID);
    List<DataTypes.Field> fields = new ArrayList<>();
    for (int i = 0; i < leftWidth; i++) {
      fields.add(DataTypes.FIELD(names.get(i), FlinkTypes.toFlink(leftSchema.type(i))));
    }
    fields.add(DataTypes.FIELD(ROW_ID, DataTypes.BIGINT()));
    TypeInformation<Row> numberedType = ExternalTypeInfo.of(DataTypes.ROW(fields));
    DataStream<Row> numbered =
        tableEnvironment.toDataStream(left).map(new NumberRows(leftWidth), numberedType);
    Table numberedLeft = tableEnvironment.fromDataStream(numbered);
    Table matchedIds =
        innerJoin(numberedLeft, right, keys, residualCondition)
            .select($(ROW_ID).as(MATCHED))
            .distinct();
    List<Expression> output = columns(LEFT, leftWidth, 0);
    Expression[] outputArray = output.toArray(new Expression[0]);
    if (join.type() == JoinType.SEMI) {
      return numberedLeft.join(matchedIds, $(ROW_ID).isEqual($(MATCHED))).select(outputArray);
    }
    return numberedLeft
        .leftOuterJoin(matchedIds, $(ROW_ID).isEqual($(MATCHED)))
        .where($(MATCHED).isNull())
        .select(outputArray);
  }

  /** Appends a row id unique across the parallel instances. */
  static final class NumberRows extends RichMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final int width;
    private long next;
    private long step;

    NumberRows(int width) {
      this.width = width;
    }

    @Override
    public void open(OpenContext context) {
      next = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
      step = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }

    @Override
    public Row map(Row row) {
      Row numbered = new Row(width + 1);
      for (int i = 0; i < width; i++) {
        numbered.setField(i, row.getField(i));
      }
      numbered.setField(width, next);
      next += step;
      return numbered;
    }
  }

  private static Table renamed(Table table, String prefix, int width) {
    List<String> names = ColumnNames.names(prefix, width);
    return table.as(names.get(0), names.subList(1, names.size()).toArray(new String[0]));
  }

  private static List<Expression> columns(String prefix, int width, int firstOutput) {
    List<Expression> columns = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      columns.add($(ColumnNames.name(prefix, i)).as(name(firstOutput + i)));
    }
    return columns;
  }

  private static ApiExpression and(List<ApiExpression> conditions) {
    ApiExpression result = conditions.get(0);
    for (int i = 1; i < conditions.size(); i++) {
      result = result.and(conditions.get(i));
    }
    return result;
  }

  private static Expression[] sortKeys(List<SortKey> keys) {
    List<Expression> order = new ArrayList<>();
    for (SortKey key : keys) {
      // NULL placement as an explicit key first: TRUE sorts after FALSE.
      ApiExpression isNull = output(key.column()).isNull();
      order.add(key.nullsFirst() ? isNull.desc() : isNull.asc());
      order.add(key.ascending() ? output(key.column()).asc() : output(key.column()).desc());
    }
    return order.toArray(new Expression[0]);
  }

  private static Table fetch(Table table, long count) {
    return count >= Integer.MAX_VALUE ? table : table.fetch((int) count);
  }

  private static Table empty(Table table) {
    return table.where(lit(false));
  }

  private static ExpressionTranslator outputTranslator() {
    return new ExpressionTranslator(PlanTranslator::name);
  }

  private static ApiExpression output(int index) {
    return $(name(index));
  }

  private static String name(int index) {
    return ColumnNames.name(ColumnNames.OUTPUT, index);
  }

  static TypeInformation<Row> rowType(Schema schema) {
    return ExternalTypeInfo.of(
        FlinkTypes.rowType(schema, ColumnNames.names(ColumnNames.OUTPUT, schema.size())));
  }
}
