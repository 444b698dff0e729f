package dev.locus.costmodel;

import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.source.TableStatistics;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import java.util.List;

/**
 * Statistics of a value computed by an expression, from those of the input columns it reads:
 *
 * <ul>
 *   <li>a column reference is the column;
 *   <li>a lossless CAST (INT to BIGINT, a wider DECIMAL, a date to a timestamp, anything to
 *       VARCHAR, ...) keeps the distinct count, NULLs and (converted) range; a lossy one (DOUBLE to
 *       INT, a timestamp to a date) keeps at most the input's distinct values, no more than the
 *       range holds (MEDIUM confidence);
 *   <li>adding or subtracting a constant, multiplying by one, negating, adding days shift or scale
 *       the range and keep the distinct count;
 *   <li>YEAR/MONTH/DAY, ABS, a modulo by a constant and boolean-valued functions have at most the
 *       values of their domain;
 *   <li>any other expression is a function of its inputs: at most the product of its inputs'
 *       distinct counts, and at most the rows (LOW confidence).
 * </ul>
 */
final class ExpressionStatistics {
  private static final double SECONDS_PER_DAY = 86_400;
  private static final double DAYS_PER_YEAR = 365.2425;

  private ExpressionStatistics() {}

  /** The statistics of {@code expression} evaluated over the rows of {@code input}. */
  static ColumnStatistics of(RowExpression expression, Estimate input) {
    double rows = Math.max(1, input.rows());
    if (expression instanceof InputRef ref) {
      return input.column(ref.index());
    }
    if (expression instanceof Constant constant) {
      double value = TableStatistics.numeric(constant.value());
      return new ColumnStatistics(1, value, value, constant.isNull() ? 1 : 0, Confidence.HIGH);
    }
    FunctionCall call = (FunctionCall) expression;
    ColumnStatistics derived = derive(call, input);
    return derived.limitedTo(rows);
  }

  private static ColumnStatistics derive(FunctionCall call, Estimate input) {
    List<RowExpression> arguments = call.arguments();
    ScalarFunction function = call.function();
    if (function == ScalarFunction.CAST) {
      return cast(of(arguments.get(0), input), arguments.get(0).type(), call.type());
    }
    if (call.type().kind() == Kind.BOOLEAN) {
      return capped(generic(call, input), 2, Double.NaN, Double.NaN);
    }
    switch (function) {
      case ADD, SUBTRACT, ADD_DAYS -> {
        int constantSide = constantSide(arguments);
        if (constantSide >= 0) {
          ColumnStatistics variable = of(arguments.get(1 - constantSide), input);
          double offset = number(arguments.get(constantSide));
          if (function == ScalarFunction.SUBTRACT && constantSide == 0) {
            // c - x: the range mirrored, then moved.
            return linear(variable, -1, offset);
          }
          return linear(variable, 1, function == ScalarFunction.SUBTRACT ? -offset : offset);
        }
      }
      case MULTIPLY -> {
        int constantSide = constantSide(arguments);
        if (constantSide >= 0) {
          double factor = number(arguments.get(constantSide));
          ColumnStatistics variable = of(arguments.get(1 - constantSide), input);
          if (factor == 0) {
            return new ColumnStatistics(
                1, 0, 0, variable.nullFraction(), variable.confidence().and(Confidence.MEDIUM));
          }
          return linear(variable, factor, 0);
        }
      }
      case MODULO -> {
        double divisor = Math.abs(number(arguments.get(1)));
        if (divisor >= 1 && integral(call.type())) {
          // x % c lies in (-|c|, |c|), with x's sign.
          ColumnStatistics value = of(arguments.get(0), input);
          boolean negative = !value.hasRange() || value.min() < 0;
          boolean positive = !value.hasRange() || value.max() > 0;
          double values = (negative ? divisor - 1 : 0) + (positive ? divisor - 1 : 0) + 1;
          return capped(
              value.trustedAtMost(Confidence.MEDIUM),
              values,
              negative ? 1 - divisor : 0,
              positive ? divisor - 1 : 0);
        }
      }
      case NEGATE -> {
        return linear(of(arguments.get(0), input), -1, 0);
      }
      case ABS -> {
        ColumnStatistics value = of(arguments.get(0), input);
        double low = Double.NaN;
        double high = Double.NaN;
        if (value.hasRange()) {
          high = Math.max(Math.abs(value.min()), Math.abs(value.max()));
          low =
              value.min() <= 0 && value.max() >= 0
                  ? 0
                  : Math.min(Math.abs(value.min()), Math.abs(value.max()));
        }
        return new ColumnStatistics(
            value.distinct(),
            low,
            high,
            value.nullFraction(),
            value.confidence().and(Confidence.MEDIUM));
      }
      case EXTRACT_YEAR -> {
        ColumnStatistics value = of(arguments.get(0), input);
        if (value.hasRange()) {
          double perDay = arguments.get(0).type().kind() == Kind.TIMESTAMP ? SECONDS_PER_DAY : 1;
          double low = Math.floor(1970 + value.min() / perDay / DAYS_PER_YEAR);
          double high = Math.floor(1970 + value.max() / perDay / DAYS_PER_YEAR);
          return capped(value.trustedAtMost(Confidence.MEDIUM), high - low + 1, low, high);
        }
        return capped(
            value.trustedAtMost(Confidence.LOW), Double.MAX_VALUE, Double.NaN, Double.NaN);
      }
      case EXTRACT_MONTH -> {
        return capped(of(arguments.get(0), input).trustedAtMost(Confidence.MEDIUM), 12, 1, 12);
      }
      case EXTRACT_DAY -> {
        return capped(of(arguments.get(0), input).trustedAtMost(Confidence.MEDIUM), 31, 1, 31);
      }
      case COALESCE, CASE -> {
        // One of the value arguments: at most all their values together.
        double distinct = 0;
        double nulls = 1;
        for (int i = 0; i < arguments.size(); i++) {
          boolean isValue =
              function == ScalarFunction.COALESCE || i % 2 == 1 || i == arguments.size() - 1;
          if (isValue) {
            ColumnStatistics value = of(arguments.get(i), input);
            distinct += value.distinct();
            nulls *= value.nullFraction();
          }
        }
        return new ColumnStatistics(
            distinct,
            Double.NaN,
            Double.NaN,
            function == ScalarFunction.COALESCE ? nulls : 0,
            Confidence.LOW);
      }
      default -> {}
    }
    return generic(call, input);
  }

  /** A function of its arguments: no more values than their combinations; NULL when one is. */
  private static ColumnStatistics generic(FunctionCall call, Estimate input) {
    double distinct = 1;
    double notNull = 1;
    for (RowExpression argument : call.arguments()) {
      ColumnStatistics value = of(argument, input);
      distinct = Math.min(Double.MAX_VALUE, distinct * value.distinct());
      notNull *= 1 - value.nullFraction();
    }
    return new ColumnStatistics(distinct, Double.NaN, Double.NaN, 1 - notNull, Confidence.LOW);
  }

  /** At most {@code values} distinct values, in [low, high]. */
  private static ColumnStatistics capped(
      ColumnStatistics statistics, double values, double low, double high) {
    return new ColumnStatistics(
        Math.min(statistics.distinct(), Math.max(1, values)),
        low,
        high,
        statistics.nullFraction(),
        statistics.confidence());
  }

  /** {@code factor * x + offset}: as many values as x, its range moved. */
  private static ColumnStatistics linear(ColumnStatistics value, double factor, double offset) {
    double a = value.min() * factor + offset;
    double b = value.max() * factor + offset;
    return new ColumnStatistics(
        value.distinct(), Math.min(a, b), Math.max(a, b), value.nullFraction(), value.confidence());
  }

  /** The index (0 or 1) of the non-NULL numeric constant of a two-argument call, else -1. */
  private static int constantSide(List<RowExpression> arguments) {
    if (arguments.size() != 2) {
      return -1;
    }
    for (int side = 0; side < 2; side++) {
      if (!Double.isNaN(number(arguments.get(side)))) {
        return side;
      }
    }
    return -1;
  }

  private static double number(RowExpression expression) {
    return expression instanceof Constant constant && constant.value() instanceof Number number
        ? number.doubleValue()
        : Double.NaN;
  }

  private static ColumnStatistics cast(ColumnStatistics value, DataType from, DataType to) {
    double min = converted(value.min(), from, to);
    double max = converted(value.max(), from, to);
    if (lossless(from, to)) {
      return new ColumnStatistics(
          value.distinct(), min, max, value.nullFraction(), value.confidence());
    }
    double distinct = value.distinct();
    if (integral(to) && !Double.isNaN(min) && !Double.isNaN(max)) {
      distinct = Math.min(distinct, Math.floor(max) - Math.ceil(min) + 1);
    }
    return new ColumnStatistics(
        distinct, min, max, value.nullFraction(), value.confidence().and(Confidence.MEDIUM));
  }

  /** Whether distinct values stay distinct (and NULLs NULL) under a CAST. */
  static boolean lossless(DataType from, DataType to) {
    Kind source = from.kind();
    Kind target = to.kind();
    if (from.equals(to) || (target == Kind.VARCHAR && source != Kind.OBJECT)) {
      return true;
    }
    return switch (source) {
      case INT -> target == Kind.BIGINT || target == Kind.DOUBLE || wholeDigits(to) >= 10;
      case BIGINT -> target == Kind.DOUBLE || wholeDigits(to) >= 19;
      case DECIMAL ->
          target == Kind.DOUBLE
              || (target == Kind.DECIMAL
                  && to.scale() >= from.scale()
                  && wholeDigits(to) >= wholeDigits(from));
      case BOOLEAN -> target == Kind.INT || target == Kind.BIGINT || target == Kind.DECIMAL;
      case DATE -> target == Kind.TIMESTAMP;
      default -> false;
    };
  }

  /** Digits before the decimal point of a DECIMAL; 0 for other types. */
  private static int wholeDigits(DataType type) {
    return type.kind() == Kind.DECIMAL ? type.precision() - type.scale() : 0;
  }

  private static boolean integral(DataType type) {
    return type.kind() == Kind.INT
        || type.kind() == Kind.BIGINT
        || type.kind() == Kind.DATE
        || (type.kind() == Kind.DECIMAL && type.scale() == 0);
  }

  /** A bound of a range, moved to the number line of the CAST's target. */
  private static double converted(double bound, DataType from, DataType to) {
    Kind source = from.kind();
    Kind target = to.kind();
    if (Double.isNaN(bound)) {
      return Double.NaN;
    }
    if (source == Kind.DATE && target == Kind.TIMESTAMP) {
      return bound * SECONDS_PER_DAY;
    }
    if (source == Kind.TIMESTAMP && target == Kind.DATE) {
      return Math.floor(bound / SECONDS_PER_DAY);
    }
    boolean numericSource = from.isNumeric() || source == Kind.BOOLEAN;
    return numericSource && to.isNumeric() ? bound : Double.NaN;
  }
}
