package dev.locus.adapters.spark.plugin;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Locus expressions as Spark {@link Column}s with Locus semantics (ScalarFunction's javadoc): every
 * call's result is cast to the call's Locus type, integer division truncates, decimal division is
 * exact and rounded half up to the result scale, LIKE has no escape character, SUBSTRING follows
 * PostgreSQL for starts before 1, and casts into integers round half away from zero. Errors
 * (overflow, division by zero, bad casts) come from Spark's ANSI mode, which the session enables.
 */
final class SparkExpressions {
  private SparkExpressions() {}

  /** Why an expression cannot run on Spark, or empty when it can. */
  static Optional<String> unsupported(RowExpression expression) {
    Optional<String> type = SparkTypes.unsupported(expression.type());
    if (type.isPresent()) {
      return type;
    }
    if (expression instanceof FunctionCall call) {
      if (call.function() == ScalarFunction.BETWEEN) {
        return Optional.of("BETWEEN must be bound to comparisons first");
      }
      if (call.function() == ScalarFunction.LIKE
          && !(call.argument(1) instanceof Constant pattern && pattern.value() != null)) {
        return Optional.of("LIKE needs a constant pattern; found " + call.argument(1));
      }
      for (RowExpression argument : call.arguments()) {
        Optional<String> reason = unsupported(argument);
        if (reason.isPresent()) {
          return reason;
        }
      }
    }
    return Optional.empty();
  }

  /** {@code expression} over input columns named {@code columns} (by index). */
  static Column translate(RowExpression expression, List<String> columns) {
    if (expression instanceof InputRef ref) {
      return col(columns.get(ref.index()));
    }
    if (expression instanceof Constant constant) {
      return constant(constant);
    }
    FunctionCall call = (FunctionCall) expression;
    List<Column> arguments = new ArrayList<>(call.arguments().size());
    for (RowExpression argument : call.arguments()) {
      arguments.add(translate(argument, columns));
    }
    Column result = call(call, arguments);
    return result.cast(SparkTypes.toSpark(call.type()));
  }

  static Column constant(Constant constant) {
    org.apache.spark.sql.types.DataType type = SparkTypes.toSpark(constant.type());
    return constant.value() == null ? lit(null).cast(type) : lit(constant.value()).cast(type);
  }

  private static Column call(FunctionCall call, List<Column> a) {
    DataType type = call.type();
    return switch (call.function()) {
      case ADD -> a.get(0).plus(a.get(1));
      case SUBTRACT -> a.get(0).minus(a.get(1));
      case MULTIPLY -> a.get(0).multiply(a.get(1));
      case DIVIDE -> divide(call.argument(0).type(), type, a.get(0), a.get(1));
      case MODULO -> a.get(0).mod(a.get(1));
      case NEGATE -> functions.negate(a.get(0));
      case EQUAL -> a.get(0).equalTo(a.get(1));
      case NOT_EQUAL -> a.get(0).notEqual(a.get(1));
      case LESS_THAN -> a.get(0).lt(a.get(1));
      case LESS_THAN_OR_EQUAL -> a.get(0).leq(a.get(1));
      case GREATER_THAN -> a.get(0).gt(a.get(1));
      case GREATER_THAN_OR_EQUAL -> a.get(0).geq(a.get(1));
      case AND -> and(a);
      case OR -> or(a);
      case NOT -> functions.not(a.get(0));
      case IS_NULL -> a.get(0).isNull();
      case IS_NOT_NULL -> a.get(0).isNotNull();
      case IN -> a.get(0).isin(a.subList(1, a.size()).toArray());
      case LIKE -> a.get(0).like(withoutEscape((String) ((Constant) call.argument(1)).value()));
      case CASE -> caseWhen(a);
      case COALESCE -> functions.coalesce(a.toArray(Column[]::new));
      case CAST -> cast(call.argument(0).type(), type, a.get(0));
      case SUBSTRING -> substring(a, call.toString());
      case UPPER -> functions.upper(a.get(0));
      case LOWER -> functions.lower(a.get(0));
      case TRIM -> functions.trim(a.get(0));
      case LENGTH -> functions.length(a.get(0));
      case CONCAT -> functions.concat(a.toArray(Column[]::new));
      case ABS -> functions.abs(a.get(0));
      case EXTRACT_YEAR -> functions.year(a.get(0));
      case EXTRACT_MONTH -> functions.month(a.get(0));
      case EXTRACT_DAY -> functions.dayofmonth(a.get(0));
      case ADD_DAYS -> functions.date_add(a.get(0), a.get(1));
      case ADD_MONTHS -> functions.add_months(a.get(0), a.get(1));
      case SINGLE_VALUE ->
          when(
                  a.get(0).gt(lit(1L)),
                  functions.raise_error(
                      lit("Scalar sub-query returned more than one row in " + call)))
              .otherwise(a.get(1));
      case BETWEEN ->
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR, "BETWEEN must be bound to comparisons first: " + call);
    };
  }

  private static Column and(List<Column> arguments) {
    Column result = arguments.get(0);
    for (Column argument : arguments.subList(1, arguments.size())) {
      result = result.and(argument);
    }
    return result;
  }

  private static Column or(List<Column> arguments) {
    Column result = arguments.get(0);
    for (Column argument : arguments.subList(1, arguments.size())) {
      result = result.or(argument);
    }
    return result;
  }

  private static Column caseWhen(List<Column> arguments) {
    Column result = when(arguments.get(0), arguments.get(1));
    int i = 2;
    for (; i + 1 < arguments.size(); i += 2) {
      result = result.when(arguments.get(i), arguments.get(i + 1));
    }
    return i < arguments.size() ? result.otherwise(arguments.get(i)) : result;
  }

  /** Integers divide truncating, decimals exactly (rounded half up); DOUBLE as Spark does. */
  private static Column divide(DataType operands, DataType result, Column x, Column y) {
    return switch (operands.kind()) {
      case INT, BIGINT -> call_function("div", x, y);
      case DECIMAL ->
          functions
              .udf(
                  new DecimalDivide(result.scale()),
                  DataTypes.createDecimalType(DataType.MAX_DECIMAL_PRECISION, result.scale()))
              .apply(x, y);
      default -> x.divide(y);
    };
  }

  /** Casts into integers round half away from zero (Spark truncates); the rest are Spark's. */
  private static Column cast(DataType from, DataType to, Column value) {
    boolean intoInteger = to.kind() == Kind.INT || to.kind() == Kind.BIGINT;
    if (intoInteger && (from.kind() == Kind.DOUBLE || from.kind() == Kind.DECIMAL)) {
      return functions.round(value, 0).cast(SparkTypes.toSpark(to));
    }
    return value.cast(SparkTypes.toSpark(to));
  }

  /**
   * PostgreSQL's SUBSTRING: the characters at positions [start, start + length) that exist; Spark
   * counts a start below 1 from the end instead.
   */
  private static Column substring(List<Column> a, String text) {
    Column value = a.get(0);
    Column start = a.get(1);
    if (a.size() == 2) {
      return when(start.geq(lit(1)), value.substr(start, lit(Integer.MAX_VALUE)))
          .otherwise(value.substr(lit(1), lit(Integer.MAX_VALUE)));
    }
    Column length = a.get(2);
    Column shortened = greatest(length.plus(start).minus(lit(1)), lit(0));
    return when(
            length.lt(lit(0)),
            functions.raise_error(lit("Negative substring length not allowed in " + text)))
        .when(start.geq(lit(1)), value.substr(start, length))
        .otherwise(value.substr(lit(1), shortened));
  }

  /** A Locus LIKE pattern (no escape character) as a Spark one, whose escape is a backslash. */
  static String withoutEscape(String pattern) {
    return pattern.replace("\\", "\\\\");
  }

  /** Exact DECIMAL division rounded half up to the result scale, as Locus's own engine does. */
  static final class DecimalDivide implements UDF2<BigDecimal, BigDecimal, BigDecimal> {
    private static final long serialVersionUID = 1L;
    private final int scale;

    DecimalDivide(int scale) {
      this.scale = scale;
    }

    @Override
    public BigDecimal call(BigDecimal x, BigDecimal y) {
      if (x == null || y == null) {
        return null;
      }
      if (y.signum() == 0) {
        throw new LocusException(
            ErrorCode.DIVISION_BY_ZERO, "Division by zero: " + x.toPlainString() + " / 0");
      }
      return x.divide(y, scale, RoundingMode.HALF_UP);
    }
  }
}
