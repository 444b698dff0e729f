package dev.locus.costmodel;

import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.plan.Values;
import dev.locus.core.source.TableStatistics;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Estimates rows and column statistics bottom-up from {@link SourceStatistics}: a predicate's
 * selectivity from distinct counts ({@code x = c}: 1/distinct), ranges ({@code x < c}: the share of
 * [min, max] below c) and NULL fractions; an equi-join's size as |L|·|R| / max(distinct of the
 * keys); a grouping's as the product of its keys' distinct counts, capped by its input. A
 * projection carries its columns' statistics through the expressions that compute them ({@link
 * ExpressionStatistics}: a lossless CAST keeps them, an opaque expression has at most its inputs'
 * combinations of values, LOW confidence). Where no statistic applies, textbook defaults (1/3 for a
 * range, 1/10 for LIKE, 1/4 otherwise) make the estimate LOW confidence; so does a join or grouping
 * on a column whose statistics are a guess.
 */
public final class CardinalityModel {
  private static final double DEFAULT_SELECTIVITY = 0.25;
  private static final double RANGE_SELECTIVITY = 1.0 / 3;
  private static final double LIKE_SELECTIVITY = 0.1;

  private final IdentityHashMap<LogicalPlan, Estimate> estimates = new IdentityHashMap<>();

  public Estimate estimate(LogicalPlan plan) {
    Estimate known = estimates.get(plan);
    if (known != null) {
      return known;
    }
    Estimate estimate = compute(plan);
    estimates.put(plan, estimate);
    return estimate;
  }

  private Estimate compute(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      Estimate table = SourceStatistics.of(scan.source());
      List<ColumnStatistics> columns = new ArrayList<>();
      for (int column : scan.columns()) {
        columns.add(table.column(column));
      }
      return new Estimate(table.rows(), columns, table.confidence());
    }
    if (plan instanceof Values values) {
      // The rows are at hand: their statistics are exact.
      List<ColumnStatistics> columns = new ArrayList<>();
      for (int i = 0; i < values.schema().size(); i++) {
        columns.add(
            values.rows().isEmpty()
                ? ColumnStatistics.unknown(1)
                : SourceStatistics.column(values.rows(), i, values.rows().size()));
      }
      return new Estimate(values.rows().size(), columns, Confidence.HIGH);
    }
    if (plan instanceof Filter filter) {
      Estimate input = estimate(filter.input());
      Selectivity selectivity = selectivity(filter.condition(), input);
      return scaled(input, selectivity.value, input.confidence().and(selectivity.confidence));
    }
    if (plan instanceof Project project) {
      Estimate input = estimate(project.input());
      List<ColumnStatistics> columns = new ArrayList<>();
      for (RowExpression expression : project.expressions()) {
        columns.add(ExpressionStatistics.of(expression, input));
      }
      return new Estimate(input.rows(), columns, input.confidence());
    }
    if (plan instanceof Aggregate aggregate) {
      Estimate input = estimate(aggregate.input());
      double groups = 1;
      Confidence confidence = input.confidence();
      List<ColumnStatistics> columns = new ArrayList<>();
      for (int key : aggregate.groupKeys()) {
        ColumnStatistics column = input.column(key);
        groups *= column.distinct() + (column.nullFraction() > 0 ? 1 : 0);
        confidence = confidence.and(column.confidence());
        columns.add(column);
      }
      double rows =
          aggregate.groupKeys().isEmpty() ? 1 : Math.max(1, Math.min(groups, input.rows()));
      for (int i = 0; i < aggregate.aggregates().size(); i++) {
        columns.add(ColumnStatistics.unknown(rows));
      }
      return new Estimate(rows, limited(columns, rows), confidence);
    }
    if (plan instanceof Distinct distinct) {
      Estimate input = estimate(distinct.input());
      double groups = 1;
      for (ColumnStatistics column : input.columns()) {
        groups *= column.distinct();
      }
      double rows = Math.max(1, Math.min(groups, input.rows()));
      return new Estimate(rows, limited(input.columns(), rows), input.confidence());
    }
    if (plan instanceof Join join) {
      return join(join);
    }
    if (plan instanceof Limit limit) {
      Estimate input = estimate(limit.input());
      double rows = Math.min(limit.count(), Math.max(0, input.rows() - limit.offset()));
      return new Estimate(rows, limited(input.columns(), rows), input.confidence());
    }
    if (plan instanceof TopN topN) {
      Estimate input = estimate(topN.input());
      double rows = Math.min(topN.count(), input.rows());
      return new Estimate(rows, limited(input.columns(), rows), input.confidence());
    }
    if (plan instanceof Union union) {
      double rows = 0;
      Confidence confidence = Confidence.HIGH;
      Estimate first = estimate(union.inputs().get(0));
      for (LogicalPlan input : union.inputs()) {
        Estimate estimate = estimate(input);
        rows += estimate.rows();
        confidence = confidence.and(estimate.confidence());
      }
      List<ColumnStatistics> columns = new ArrayList<>();
      for (int i = 0; i < first.columns().size(); i++) {
        columns.add(ColumnStatistics.unknown(rows));
      }
      return new Estimate(rows, columns, confidence);
    }
    if (plan.inputs().isEmpty()) {
      return new Estimate(
          dev.locus.core.explain.CardinalityEstimator.estimate(plan),
          unknownColumns(plan, 1),
          Confidence.LOW);
    }
    // Sort keeps its input's rows; the typed (object) operators are estimated as before.
    Estimate input = estimate(plan.inputs().get(0));
    double rows =
        plan instanceof dev.locus.core.plan.Sort
            ? input.rows()
            : dev.locus.core.explain.CardinalityEstimator.estimate(plan);
    return new Estimate(
        rows,
        plan.schema().size() == input.columns().size()
            ? input.columns()
            : unknownColumns(plan, rows),
        input.confidence());
  }

  private static List<ColumnStatistics> unknownColumns(LogicalPlan plan, double rows) {
    List<ColumnStatistics> columns = new ArrayList<>();
    for (int i = 0; i < plan.schema().size(); i++) {
      columns.add(ColumnStatistics.unknown(rows));
    }
    return columns;
  }

  private static List<ColumnStatistics> limited(List<ColumnStatistics> columns, double rows) {
    List<ColumnStatistics> result = new ArrayList<>();
    for (ColumnStatistics column : columns) {
      result.add(column.limitedTo(rows));
    }
    return result;
  }

  private static Estimate scaled(Estimate input, double selectivity, Confidence confidence) {
    double rows = input.rows() * selectivity;
    return new Estimate(rows, limited(input.columns(), rows), confidence);
  }

  private Estimate join(Join join) {
    Estimate left = estimate(join.left());
    Estimate right = estimate(join.right());
    Confidence confidence = left.confidence().and(right.confidence());
    double matchFraction = 1;
    double leftDistinct = 1;
    double rightDistinct = 1;
    for (int i = 0; i < join.leftKeys().size(); i++) {
      ColumnStatistics l = left.column(join.leftKeys().get(i));
      ColumnStatistics r = right.column(join.rightKeys().get(i));
      confidence = confidence.and(l.confidence()).and(r.confidence());
      matchFraction /= Math.max(l.distinct(), r.distinct());
      matchFraction *= (1 - l.nullFraction()) * (1 - r.nullFraction());
      leftDistinct *= l.distinct();
      rightDistinct *= r.distinct();
    }
    List<ColumnStatistics> both = new ArrayList<>(left.columns());
    both.addAll(right.columns());
    Estimate product = new Estimate(left.rows() * right.rows(), both, confidence);
    Selectivity residual =
        join.hasResidual()
            ? selectivity(join.residual(), product)
            : new Selectivity(1, Confidence.HIGH);
    confidence = confidence.and(residual.confidence);
    double inner = left.rows() * right.rows() * matchFraction * residual.value;
    // Share of left rows with a match: the keys of the smaller side are assumed to be among the
    // larger side's (containment), which is what foreign keys give.
    double leftMatched =
        join.leftKeys().isEmpty()
            ? (right.rows() > 0 ? residual.value > 0 ? 1 : 0 : 0)
            : Math.min(1, rightDistinct / leftDistinct) * residual.value;
    double rows =
        switch (join.type()) {
          case INNER -> inner;
          case LEFT -> Math.max(inner, left.rows());
          case RIGHT -> Math.max(inner, right.rows());
          case FULL -> Math.max(inner, Math.max(left.rows(), right.rows()));
          case SEMI -> left.rows() * Math.min(1, leftMatched);
          case ANTI -> left.rows() * Math.max(0, 1 - Math.min(1, leftMatched));
        };
    rows = Math.max(rows, 1);
    List<ColumnStatistics> columns =
        join.type() == dev.locus.core.plan.JoinType.SEMI
                || join.type() == dev.locus.core.plan.JoinType.ANTI
            ? left.columns()
            : both;
    return new Estimate(rows, limited(columns, rows), confidence);
  }

  /** A predicate's share of rows kept, and how sure that is. */
  private record Selectivity(double value, Confidence confidence) {}

  private Selectivity selectivity(RowExpression condition, Estimate input) {
    if (condition instanceof Constant constant) {
      return new Selectivity(Boolean.TRUE.equals(constant.value()) ? 1 : 0, Confidence.HIGH);
    }
    if (!(condition instanceof FunctionCall call)) {
      return new Selectivity(DEFAULT_SELECTIVITY, Confidence.LOW);
    }
    List<RowExpression> arguments = call.arguments();
    ScalarFunction function = call.function();
    switch (function) {
      case AND -> {
        double value = 1;
        Confidence confidence = Confidence.HIGH;
        for (RowExpression argument : arguments) {
          Selectivity part = selectivity(argument, input);
          value *= part.value;
          confidence = confidence.and(part.confidence);
        }
        return new Selectivity(value, confidence);
      }
      case OR -> {
        double kept = 0;
        Confidence confidence = Confidence.HIGH;
        for (RowExpression argument : arguments) {
          Selectivity part = selectivity(argument, input);
          kept = kept + part.value - kept * part.value;
          confidence = confidence.and(part.confidence);
        }
        return new Selectivity(kept, confidence);
      }
      case NOT -> {
        Selectivity inner = selectivity(arguments.get(0), input);
        return new Selectivity(1 - inner.value, inner.confidence);
      }
      case IS_NULL, IS_NOT_NULL -> {
        ColumnStatistics value = ExpressionStatistics.of(arguments.get(0), input);
        double nulls = value.nullFraction();
        return new Selectivity(
            function == ScalarFunction.IS_NULL ? nulls : 1 - nulls,
            value.confidence().and(Confidence.MEDIUM));
      }
      case EQUAL -> {
        return equality(arguments.get(0), arguments.get(1), input);
      }
      case NOT_EQUAL -> {
        Selectivity equal = equality(arguments.get(0), arguments.get(1), input);
        return new Selectivity(1 - equal.value, equal.confidence);
      }
      case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        return range(function, arguments.get(0), arguments.get(1), input);
      }
      case IN -> {
        if (!arguments.get(0).isConstant()) {
          ColumnStatistics column = ExpressionStatistics.of(arguments.get(0), input);
          double value = Math.min(1, (arguments.size() - 1) / column.distinct());
          return new Selectivity(
              value * (1 - column.nullFraction()), column.confidence().and(Confidence.MEDIUM));
        }
        return new Selectivity(DEFAULT_SELECTIVITY, Confidence.LOW);
      }
      case LIKE -> {
        return new Selectivity(LIKE_SELECTIVITY, Confidence.LOW);
      }
      default -> {
        return new Selectivity(DEFAULT_SELECTIVITY, Confidence.LOW);
      }
    }
  }

  private static Selectivity equality(RowExpression a, RowExpression b, Estimate input) {
    if (!a.isConstant() && !b.isConstant()) {
      ColumnStatistics l = ExpressionStatistics.of(a, input);
      ColumnStatistics r = ExpressionStatistics.of(b, input);
      return new Selectivity(
          1 / Math.max(l.distinct(), r.distinct()),
          Confidence.MEDIUM.and(l.confidence()).and(r.confidence()));
    }
    RowExpression variable = a.isConstant() ? b : a;
    RowExpression other = variable == a ? b : a;
    if (!variable.isConstant() && other instanceof Constant) {
      ColumnStatistics column = ExpressionStatistics.of(variable, input);
      return new Selectivity(
          (1 - column.nullFraction()) / column.distinct(),
          column.confidence().and(Confidence.MEDIUM));
    }
    return new Selectivity(DEFAULT_SELECTIVITY, Confidence.LOW);
  }

  private static Selectivity range(
      ScalarFunction function, RowExpression a, RowExpression b, Estimate input) {
    boolean columnLeft = !a.isConstant() && b instanceof Constant;
    boolean columnRight = !b.isConstant() && a instanceof Constant;
    if (!columnLeft && !columnRight) {
      return new Selectivity(RANGE_SELECTIVITY, Confidence.LOW);
    }
    Constant constant = (Constant) (columnLeft ? b : a);
    ColumnStatistics column = ExpressionStatistics.of(columnLeft ? a : b, input);
    double value = constant.isNull() ? Double.NaN : TableStatistics.numeric(constant.value());
    if (!column.hasRange() || Double.isNaN(value)) {
      return new Selectivity(RANGE_SELECTIVITY, Confidence.LOW);
    }
    double width = column.max() - column.min();
    double below = width <= 0 ? (value >= column.max() ? 1 : 0) : (value - column.min()) / width;
    below = Math.min(1, Math.max(0, below));
    boolean keepsBelow =
        (function == ScalarFunction.LESS_THAN || function == ScalarFunction.LESS_THAN_OR_EQUAL)
            == columnLeft;
    double kept = keepsBelow ? below : 1 - below;
    return new Selectivity(
        kept * (1 - column.nullFraction()), column.confidence().and(Confidence.MEDIUM));
  }
}
