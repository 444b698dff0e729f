package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;
import static org.apache.flink.table.api.Expressions.$;
import static org.apache.flink.table.api.Expressions.call;
import static org.apache.flink.table.api.Expressions.coalesce;
import static org.apache.flink.table.api.Expressions.concat;
import static org.apache.flink.table.api.Expressions.ifThenElse;
import static org.apache.flink.table.api.Expressions.lit;
import static org.apache.flink.table.api.Expressions.negative;
import static org.apache.flink.table.api.Expressions.nullOf;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.flink.table.api.ApiExpression;
import org.apache.flink.table.expressions.Expression;
import org.apache.flink.table.expressions.TimeIntervalUnit;

/**
 * Bound Locus expressions as Flink Table API expressions with Locus's semantics: every function
 * call is cast to its Locus type (Flink derives other decimal precisions, and YEAR is a BIGINT
 * there), integer sums are widened before they can overflow.
 */
final class ExpressionTranslator {
  private final IntFunction<String> columnNames;

  /** Translates over input columns named by {@code columnNames} (index to Flink column name). */
  ExpressionTranslator(IntFunction<String> columnNames) {
    this.columnNames = requireNonNull(columnNames, "columnNames is null");
  }

  /** Why Flink cannot evaluate an expression with Locus's semantics, if it cannot. */
  static Optional<String> cannotTranslate(RowExpression expression) {
    if (expression.type().kind() == DataType.Kind.OBJECT) {
      return Optional.of("Flink cannot evaluate expressions of OBJECT type: " + expression);
    }
    if (expression instanceof FunctionCall call) {
      if (call.function() == ScalarFunction.BETWEEN) {
        return Optional.of("BETWEEN must be bound to comparisons before it reaches a platform");
      }
      if (call.function() == ScalarFunction.LIKE) {
        if (!(call.argument(1) instanceof Constant pattern) || pattern.isNull()) {
          return Optional.of("LIKE needs a VARCHAR constant pattern; found " + call.argument(1));
        }
        if (((String) pattern.value()).indexOf('\\') >= 0) {
          // Flink's LIKE treats a backslash as an escape; Locus's LIKE has no escape.
          return Optional.of("Flink's LIKE treats '\\' as an escape; pattern " + pattern);
        }
      }
      for (RowExpression argument : call.arguments()) {
        Optional<String> reason = cannotTranslate(argument);
        if (reason.isPresent()) {
          return reason;
        }
      }
    }
    return Optional.empty();
  }

  ApiExpression translate(RowExpression expression) {
    if (expression instanceof InputRef ref) {
      return $(columnNames.apply(ref.index()));
    }
    if (expression instanceof Constant constant) {
      return constant(constant);
    }
    FunctionCall call = (FunctionCall) expression;
    return translateCall(call).cast(FlinkTypes.toFlink(call.type()));
  }

  static ApiExpression constant(Constant constant) {
    if (constant.isNull()) {
      return nullOf(FlinkTypes.toFlink(constant.type()));
    }
    return lit(constant.value(), FlinkTypes.toFlink(constant.type()).notNull());
  }

  private ApiExpression translateCall(FunctionCall call) {
    List<ApiExpression> arguments = new ArrayList<>(call.arguments().size());
    for (RowExpression argument : call.arguments()) {
      arguments.add(translate(argument));
    }
    ScalarFunction function = call.function();
    return switch (function) {
      case ADD -> arguments.get(0).plus(arguments.get(1));
      case SUBTRACT -> arguments.get(0).minus(arguments.get(1));
      case MULTIPLY -> arguments.get(0).times(arguments.get(1));
      case DIVIDE -> arguments.get(0).dividedBy(arguments.get(1));
      case MODULO -> arguments.get(0).mod(arguments.get(1));
      case NEGATE -> negative(arguments.get(0));
      case EQUAL -> arguments.get(0).isEqual(arguments.get(1));
      case NOT_EQUAL -> arguments.get(0).isNotEqual(arguments.get(1));
      case LESS_THAN -> arguments.get(0).isLess(arguments.get(1));
      case LESS_THAN_OR_EQUAL -> arguments.get(0).isLessOrEqual(arguments.get(1));
      case GREATER_THAN -> arguments.get(0).isGreater(arguments.get(1));
      case GREATER_THAN_OR_EQUAL -> arguments.get(0).isGreaterOrEqual(arguments.get(1));
      case AND -> chain(arguments, true);
      case OR -> chain(arguments, false);
      case NOT -> arguments.get(0).not();
      case IS_NULL -> arguments.get(0).isNull();
      case IS_NOT_NULL -> arguments.get(0).isNotNull();
      case IN ->
          arguments.get(0).in(arguments.subList(1, arguments.size()).toArray(new Expression[0]));
      case LIKE -> arguments.get(0).like(arguments.get(1));
      case CASE -> caseWhen(arguments, 0);
      case COALESCE -> coalesce(arguments.toArray());
      case CAST -> arguments.get(0);
      case SUBSTRING ->
          arguments.size() == 2
              ? arguments.get(0).substring(arguments.get(1))
              : arguments.get(0).substring(arguments.get(1), arguments.get(2));
      case UPPER -> arguments.get(0).upperCase();
      case LOWER -> arguments.get(0).lowerCase();
      case TRIM -> arguments.get(0).trim();
      case LENGTH -> arguments.get(0).charLength();
      case CONCAT -> concat(arguments.toArray());
      case ABS -> arguments.get(0).abs();
      case EXTRACT_YEAR -> arguments.get(0).extract(TimeIntervalUnit.YEAR);
      case EXTRACT_MONTH -> arguments.get(0).extract(TimeIntervalUnit.MONTH);
      case EXTRACT_DAY -> arguments.get(0).extract(TimeIntervalUnit.DAY);
      // DATE + INTERVAL: Flink clamps months to the end of the month, as Locus does.
      case ADD_DAYS -> arguments.get(0).plus(arguments.get(1).days());
      case ADD_MONTHS -> arguments.get(0).plus(arguments.get(1).months());
      case SINGLE_VALUE ->
          ifThenElse(
              call(SingleValueCheck.class, arguments.get(0)),
              arguments.get(1),
              nullOf(FlinkTypes.toFlink(call.type())));
      case BETWEEN ->
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR,
              "BETWEEN must be bound to comparisons before it reaches Flink: " + call);
    };
  }

  private static ApiExpression chain(List<ApiExpression> arguments, boolean and) {
    ApiExpression result = arguments.get(0);
    for (int i = 1; i < arguments.size(); i++) {
      result = and ? result.and(arguments.get(i)) : result.or(arguments.get(i));
    }
    return result;
  }

  /** {@code [condition1, value1, ..., else]} as nested if-then-else (NULL conditions are false). */
  private static ApiExpression caseWhen(List<ApiExpression> arguments, int from) {
    if (from == arguments.size() - 1) {
      return arguments.get(from);
    }
    return ifThenElse(arguments.get(from), arguments.get(from + 1), caseWhen(arguments, from + 2));
  }
}
