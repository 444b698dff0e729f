package dev.locus.sql;

import static dev.locus.sql.RexTranslator.unsupported;
import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.expr.Call;
import dev.locus.core.expr.Cast;
import dev.locus.core.expr.Expression;
import dev.locus.core.expr.ExpressionBinder;
import dev.locus.core.expr.Literal;
import dev.locus.core.expr.RowExpression;
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
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.plan.Values;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Translates an optimized Calcite relational tree into a Locus logical plan. Column positions are
 * the same on both sides: every Locus node has the fields of the Calcite node it comes from, in the
 * same order, so input references carry over unchanged.
 */
final class RelTranslator {
  private final RexBuilder rexBuilder;
  private final RexTranslator rex;

  RelTranslator(RexBuilder rexBuilder) {
    this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
    this.rex = new RexTranslator(rexBuilder);
  }

  LogicalPlan translate(RelNode node) {
    if (node instanceof TableScan scan) {
      LocusTable table = scan.getTable().unwrap(LocusTable.class);
      if (table == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Table " + scan.getTable().getQualifiedName() + " is not Locus's");
      }
      return table.plan();
    }
    if (node instanceof LogicalFilter filter) {
      LogicalPlan input = translate(filter.getInput());
      return new Filter(input, bindCondition(filter.getCondition(), input.schema(), "Filter"));
    }
    if (node instanceof LogicalProject project) {
      return project(project);
    }
    if (node instanceof LogicalJoin join) {
      return join(join);
    }
    if (node instanceof LogicalAggregate aggregate) {
      return aggregate(aggregate);
    }
    if (node instanceof LogicalSort sort) {
      return sort(sort);
    }
    if (node instanceof LogicalUnion union) {
      return union(union);
    }
    if (node instanceof LogicalValues values) {
      return values(values);
    }
    throw unsupported(describe(node));
  }

  private static String describe(RelNode node) {
    String name = node.getRelTypeName().replace("Logical", "");
    if (name.equals("Correlate")) {
      return "this correlated subquery (it could not be turned into a join)";
    }
    return "the relational operator " + name;
  }

  private RowExpression bind(RexNode node, Schema input, String operator) {
    return ExpressionBinder.bind(rex.translate(node), RexTranslator.positional(input), operator);
  }

  private RowExpression bindCondition(RexNode node, Schema input, String operator) {
    return ExpressionBinder.bindCondition(
        rex.translate(node), RexTranslator.positional(input), operator);
  }

  private LogicalPlan project(LogicalProject project) {
    LogicalPlan input = translate(project.getInput());
    List<RowExpression> expressions = new ArrayList<>();
    for (RexNode node : project.getProjects()) {
      expressions.add(bind(node, input.schema(), "Project"));
    }
    return new Project(input, expressions, project.getRowType().getFieldNames());
  }

  private LogicalPlan join(LogicalJoin join) {
    LogicalPlan left = translate(join.getLeft());
    LogicalPlan right = translate(join.getRight());
    JoinType type =
        switch (join.getJoinType()) {
          case INNER -> JoinType.INNER;
          case LEFT -> JoinType.LEFT;
          case RIGHT -> JoinType.RIGHT;
          case FULL -> JoinType.FULL;
          case SEMI -> JoinType.SEMI;
          case ANTI -> JoinType.ANTI;
          default -> throw unsupported("the join type " + join.getJoinType());
        };
    JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    List<RexNode> residual = new ArrayList<>(info.nonEquiConditions);
    int leftWidth = left.schema().size();
    for (int i = 0; i < info.leftKeys.size(); i++) {
      int leftKey = info.leftKeys.get(i);
      int rightKey = info.rightKeys.get(i);
      boolean sameType = left.schema().type(leftKey).equals(right.schema().type(rightKey));
      boolean nullSafe = !info.nullExclusionFlags.get(i);
      if (sameType && !nullSafe) {
        leftKeys.add(leftKey);
        rightKeys.add(rightKey);
      } else {
        // Keys of different types compare in a common type, and NULL-safe keys (IS NOT
        // DISTINCT FROM) match NULLs, which hash keys never do: keep them as a condition.
        residual.add(
            rexBuilder.makeCall(
                nullSafe
                    ? org.apache.calcite.sql.fun.SqlStdOperatorTable.IS_NOT_DISTINCT_FROM
                    : org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
                rexBuilder.makeInputRef(join.getLeft(), leftKey),
                rexBuilder.makeInputRef(
                    join.getRight().getRowType().getFieldList().get(rightKey).getType(),
                    leftWidth + rightKey)));
      }
    }
    RowExpression condition = Join.TRUE;
    if (!residual.isEmpty()) {
      RexNode combined = RexUtil.composeConjunction(rexBuilder, residual);
      condition = bindCondition(combined, left.schema().concat(right.schema()), "Join");
    }
    return new Join(left, right, type, leftKeys, rightKeys, condition);
  }

  private LogicalPlan aggregate(LogicalAggregate aggregate) {
    if (aggregate.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE) {
      throw unsupported("GROUPING SETS, ROLLUP and CUBE");
    }
    LogicalPlan input = translate(aggregate.getInput());
    // FILTER (WHERE f): the aggregate reads CASE WHEN f THEN argument END instead.
    int[] filteredArgument = new int[aggregate.getAggCallList().size()];
    java.util.Arrays.fill(filteredArgument, -1);
    List<Expression> filtered = new ArrayList<>();
    Schema original = input.schema();
    for (int i = 0; i < filteredArgument.length; i++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
      if (call.filterArg < 0 || call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
        continue;
      }
      if (call.getArgList().size() > 1) {
        throw unsupported("aggregate with several arguments: " + call);
      }
      boolean star = call.getArgList().isEmpty();
      DataType type = star ? DataType.INT : original.type(call.getArgList().get(0));
      Expression value =
          star ? new Literal(1, DataType.INT) : RexTranslator.column(call.getArgList().get(0));
      filtered.add(
          new Call(
              ScalarFunction.CASE,
              List.of(RexTranslator.column(call.filterArg), value, new Literal(null, type))));
      filteredArgument[i] = original.size() + filtered.size() - 1;
    }
    if (!filtered.isEmpty()) {
      Schema positional = RexTranslator.positional(original);
      List<RowExpression> expressions = new ArrayList<>();
      List<String> columnNames = new ArrayList<>(original.names());
      for (int i = 0; i < original.size(); i++) {
        expressions.add(ExpressionBinder.bind(RexTranslator.column(i), positional, "Aggregate"));
      }
      for (int i = 0; i < filtered.size(); i++) {
        expressions.add(ExpressionBinder.bind(filtered.get(i), positional, "Aggregate"));
        columnNames.add("$filtered" + i);
      }
      input = new Project(input, expressions, columnNames);
    }
    Schema inputSchema = input.schema();
    List<Integer> keys = aggregate.getGroupSet().asList();
    List<AggregateCall> calls = new ArrayList<>();
    List<String> names = aggregate.getRowType().getFieldNames();
    // What each output column of the Calcite aggregate becomes over the Locus aggregate's output.
    List<Expression> outputs = new ArrayList<>();
    boolean needsProject = false;
    for (int i = 0; i < keys.size(); i++) {
      outputs.add(RexTranslator.column(i));
    }
    // SINGLE_VALUE (a scalar subquery) reads a row count per group, added after the other calls.
    long computed =
        aggregate.getAggCallList().stream()
            .filter(call -> call.getAggregation().getKind() != SqlKind.LITERAL_AGG)
            .count();
    int rowCount = keys.size() + (int) computed;
    boolean singleValue = false;
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
      String name = names.get(keys.size() + i);
      SqlKind kind = call.getAggregation().getKind();
      if (kind == SqlKind.LITERAL_AGG) {
        // A constant per group (from subquery rewrites).
        outputs.add(rex.translate(call.rexList.get(0)));
        needsProject = true;
        continue;
      }
      if (call.getArgList().size() > 1) {
        throw unsupported("aggregate with several arguments: " + call);
      }
      int argument =
          filteredArgument[i] >= 0
              ? filteredArgument[i]
              : call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
      DataType argumentType = argument < 0 ? null : inputSchema.type(argument);
      AggregateFunction function =
          switch (kind) {
            case SUM, SUM0 -> AggregateFunction.SUM;
            case COUNT -> AggregateFunction.COUNT;
            case AVG -> AggregateFunction.AVG;
            case MIN -> AggregateFunction.MIN;
            case MAX -> AggregateFunction.MAX;
            case ANY_VALUE, SINGLE_VALUE -> AggregateFunction.MIN;
            default ->
                throw unsupported("the aggregate function " + call.getAggregation().getName());
          };
      Expression output = RexTranslator.column(keys.size() + calls.size());
      calls.add(AggregateCall.of(function, argument, argumentType, call.isDistinct(), name));
      if (kind == SqlKind.SUM0) {
        // SUM0 (from rewrites of COUNT): a SUM that is 0 instead of NULL over no rows.
        DataType type = calls.get(calls.size() - 1).type();
        output =
            new Call(
                ScalarFunction.COALESCE,
                List.of(output, new Cast(new Literal(0, DataType.INT), type)));
        needsProject = true;
      }
      if (kind == SqlKind.SINGLE_VALUE) {
        output =
            new Call(ScalarFunction.SINGLE_VALUE, List.of(RexTranslator.column(rowCount), output));
        singleValue = true;
        needsProject = true;
      }
      outputs.add(output);
    }
    if (singleValue) {
      calls.add(AggregateCall.of(AggregateFunction.COUNT, -1, null, false, "$rows"));
    }
    Aggregate result = new Aggregate(input, keys, calls);
    if (!needsProject) {
      return result;
    }
    Schema schema = RexTranslator.positional(result.schema());
    List<RowExpression> expressions = new ArrayList<>();
    for (Expression output : outputs) {
      expressions.add(ExpressionBinder.bind(output, schema, "Aggregate"));
    }
    return new Project(result, expressions, names);
  }

  private LogicalPlan sort(LogicalSort sort) {
    LogicalPlan input = translate(sort.getInput());
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
      boolean ascending = !collation.getDirection().isDescending();
      boolean nullsFirst =
          switch (collation.nullDirection) {
            case FIRST -> true;
            case LAST -> false;
            case UNSPECIFIED -> !ascending;
          };
      keys.add(new SortKey(collation.getFieldIndex(), ascending, nullsFirst));
    }
    long offset = sort.offset == null ? 0 : longValue(sort.offset, "OFFSET");
    long fetch = sort.fetch == null ? -1 : longValue(sort.fetch, "LIMIT");
    if (fetch >= 0) {
      LogicalPlan top =
          keys.isEmpty()
              ? new Limit(input, 0, offset + fetch)
              : new TopN(input, keys, offset + fetch);
      return offset == 0 ? top : new Limit(top, offset, fetch);
    }
    LogicalPlan sorted = keys.isEmpty() ? input : new Sort(input, keys);
    return offset == 0 ? sorted : new Limit(sorted, offset, Long.MAX_VALUE - offset);
  }

  private static long longValue(RexNode node, String clause) {
    if (!(node instanceof RexLiteral literal)) {
      throw unsupported(clause + " with a computed value");
    }
    return literal.getValueAs(Long.class);
  }

  private LogicalPlan union(LogicalUnion union) {
    Schema target = SqlTypes.schemaOf(union.getRowType(), "UNION");
    List<LogicalPlan> inputs = new ArrayList<>();
    for (RelNode input : union.getInputs()) {
      inputs.add(castTo(translate(input), target));
    }
    LogicalPlan result = new Union(inputs);
    return union.all ? result : new Distinct(result);
  }

  /** The plan with its columns cast to the target's types where they differ. */
  private static LogicalPlan castTo(LogicalPlan plan, Schema target) {
    Schema schema = plan.schema();
    boolean same = true;
    for (int i = 0; i < schema.size(); i++) {
      same &= schema.type(i).equals(target.type(i));
    }
    if (same) {
      return plan;
    }
    Schema positional = RexTranslator.positional(schema);
    List<RowExpression> expressions = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      Expression column = RexTranslator.column(i);
      if (!schema.type(i).equals(target.type(i))) {
        column = new Cast(column, target.type(i));
      }
      expressions.add(ExpressionBinder.bind(column, positional, "Union"));
    }
    return new Project(plan, expressions, schema.names());
  }

  private LogicalPlan values(LogicalValues values) {
    Schema schema = SqlTypes.schemaOf(values.getRowType(), "VALUES");
    List<List<Object>> rows = new ArrayList<>();
    for (List<RexLiteral> tuple : values.getTuples()) {
      List<Object> row = new ArrayList<>();
      for (int i = 0; i < tuple.size(); i++) {
        RowExpression bound =
            ExpressionBinder.bind(
                new Cast(rex.translate(tuple.get(i)), schema.type(i)),
                new Schema(List.of()),
                "Values");
        if (!(bound instanceof dev.locus.core.expr.Constant constant)) {
          throw unsupported("VALUES with a computed value: " + tuple.get(i));
        }
        row.add(constant.value());
      }
      rows.add(row);
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : schema.fields()) {
      fields.add(new Field(field.name(), field.type(), true));
    }
    return new Values(new Schema(fields), rows);
  }
}
