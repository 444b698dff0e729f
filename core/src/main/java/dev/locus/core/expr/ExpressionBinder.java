package dev.locus.core.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a user {@link Expression} into a bound {@link RowExpression} over a schema: resolves column
 * names, derives types, inserts the implicit casts the evaluator relies on (see {@link
 * ScalarFunction}), and rejects type errors with a message naming the operator and the expression.
 *
 * <p>Numeric promotion: INT &lt; BIGINT &lt; DECIMAL &lt; DOUBLE (INT is DECIMAL(10, 0) and BIGINT
 * DECIMAL(19, 0) when mixed with decimals). Decimal result types:
 *
 * <pre>
 * a + b, a - b   DECIMAL(min(38, max(p1 - s1, p2 - s2) + max(s1, s2) + 1), max(s1, s2))
 * a * b          DECIMAL(min(38, p1 + p2), s1 + s2)
 * a / b          DECIMAL(38, max(6, s1))
 * a % b          DECIMAL(max(p1, p2), max(s1, s2))
 * </pre>
 */
public final class ExpressionBinder {
  private final Schema schema;
  private final String operator;

  private ExpressionBinder(Schema schema, String operator) {
    this.schema = schema;
    this.operator = operator;
  }

  /** Binds an expression over {@code schema}; {@code operator} names the caller in messages. */
  public static RowExpression bind(Expression expression, Schema schema, String operator) {
    return new ExpressionBinder(schema, operator).visit(expression);
  }

  /** Binds a condition that must be BOOLEAN. */
  public static RowExpression bindCondition(Expression expression, Schema schema, String operator) {
    RowExpression bound = bind(expression, schema, operator);
    if (!bound.type().equals(DataType.BOOLEAN)) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Condition of "
              + operator
              + " must be BOOLEAN; found "
              + bound.type()
              + " in "
              + expression);
    }
    return bound;
  }

  private RowExpression visit(Expression expression) {
    if (expression instanceof Column column) {
      int index = schema.indexOf(column.name(), operator);
      return new InputRef(index, schema.type(index));
    }
    if (expression instanceof Literal literal) {
      return constant(literal.value(), literal.type());
    }
    if (expression instanceof Alias alias) {
      return visit(alias.value());
    }
    if (expression instanceof Cast cast) {
      return castTo(visit(cast.value()), cast.type(), expression, true);
    }
    Call call = (Call) expression;
    List<RowExpression> arguments = new ArrayList<>();
    for (Expression argument : call.arguments()) {
      arguments.add(visit(argument));
    }
    return bindCall(call, arguments);
  }

  private RowExpression bindCall(Call call, List<RowExpression> arguments) {
    ScalarFunction function = call.function();
    switch (function) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
        return foldConstants(arithmetic(call, function, arguments.get(0), arguments.get(1)));
      }
      case NEGATE, ABS -> {
        RowExpression value = arguments.get(0);
        requireNumeric(call, value);
        return FunctionCall.of(function, value.type(), value);
      }
      case EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        List<RowExpression> coerced = coerceToCommon(call, arguments);
        return new FunctionCall(function, coerced, DataType.BOOLEAN);
      }
      case AND, OR -> {
        for (RowExpression argument : arguments) {
          requireBoolean(call, argument);
        }
        return new FunctionCall(function, arguments, DataType.BOOLEAN);
      }
      case NOT -> {
        requireBoolean(call, arguments.get(0));
        return FunctionCall.of(function, DataType.BOOLEAN, arguments.get(0));
      }
      case IS_NULL, IS_NOT_NULL -> {
        return FunctionCall.of(function, DataType.BOOLEAN, arguments.get(0));
      }
      case BETWEEN -> {
        List<RowExpression> coerced = coerceToCommon(call, arguments);
        return FunctionCall.of(
            ScalarFunction.AND,
            DataType.BOOLEAN,
            FunctionCall.of(
                ScalarFunction.GREATER_THAN_OR_EQUAL,
                DataType.BOOLEAN,
                coerced.get(0),
                coerced.get(1)),
            FunctionCall.of(
                ScalarFunction.LESS_THAN_OR_EQUAL,
                DataType.BOOLEAN,
                coerced.get(0),
                coerced.get(2)));
      }
      case IN -> {
        return new FunctionCall(function, coerceToCommon(call, arguments), DataType.BOOLEAN);
      }
      case LIKE -> {
        requireKind(call, arguments.get(0), Kind.VARCHAR);
        if (!(arguments.get(1) instanceof Constant pattern)
            || pattern.type().kind() != Kind.VARCHAR) {
          throw new LocusException(
              ErrorCode.TYPE_MISMATCH,
              "LIKE pattern must be a VARCHAR literal in " + operator + "; found " + call);
        }
        return new FunctionCall(function, arguments, DataType.BOOLEAN);
      }
      case CASE -> {
        return caseWhen(call, arguments);
      }
      case COALESCE -> {
        List<RowExpression> coerced = coerceToCommon(call, arguments);
        return new FunctionCall(function, coerced, coerced.get(0).type());
      }
      case CAST -> throw new IllegalStateException("CAST is bound from Cast expressions");
      case SUBSTRING -> {
        requireKind(call, arguments.get(0), Kind.VARCHAR);
        List<RowExpression> bound = new ArrayList<>();
        bound.add(arguments.get(0));
        for (RowExpression position : arguments.subList(1, arguments.size())) {
          bound.add(toInt(call, position));
        }
        return new FunctionCall(function, bound, DataType.VARCHAR);
      }
      case UPPER, LOWER, TRIM -> {
        requireKind(call, arguments.get(0), Kind.VARCHAR);
        return FunctionCall.of(function, DataType.VARCHAR, arguments.get(0));
      }
      case LENGTH -> {
        requireKind(call, arguments.get(0), Kind.VARCHAR);
        return FunctionCall.of(function, DataType.INT, arguments.get(0));
      }
      case CONCAT -> {
        List<RowExpression> bound = new ArrayList<>();
        for (RowExpression argument : arguments) {
          bound.add(
              argument.type().kind() == Kind.VARCHAR
                  ? argument
                  : castTo(argument, DataType.VARCHAR, call, false));
        }
        return new FunctionCall(function, bound, DataType.VARCHAR);
      }
      case EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY -> {
        Kind kind = arguments.get(0).type().kind();
        if (kind != Kind.DATE && kind != Kind.TIMESTAMP) {
          throw mismatch(call, "DATE or TIMESTAMP", arguments.get(0).type());
        }
        return FunctionCall.of(function, DataType.INT, arguments.get(0));
      }
      case SINGLE_VALUE -> {
        RowExpression count = arguments.get(0);
        if (count.type().kind() != Kind.BIGINT) {
          throw mismatch(call, "a BIGINT count", count.type());
        }
        RowExpression value = arguments.get(1);
        return FunctionCall.of(function, value.type(), count, value);
      }
      case ADD_DAYS, ADD_MONTHS -> {
        requireKind(call, arguments.get(0), Kind.DATE);
        RowExpression date = arguments.get(0);
        RowExpression amount = toInt(call, arguments.get(1));
        // Date arithmetic on literals (TPC-H's "DATE '1998-12-01' - INTERVAL '90' DAY") is done
        // once here rather than once per row.
        if (date instanceof Constant day && amount instanceof Constant count) {
          if (day.isNull() || count.isNull()) {
            return Constant.nullOf(DataType.DATE);
          }
          LocalDate start = (LocalDate) day.value();
          int value = (Integer) count.value();
          return new Constant(
              function == ScalarFunction.ADD_DAYS ? start.plusDays(value) : start.plusMonths(value),
              DataType.DATE);
        }
        return FunctionCall.of(function, DataType.DATE, date, amount);
      }
      default -> throw new IllegalStateException("Unhandled function " + function);
    }
  }

  private RowExpression arithmetic(
      Call call, ScalarFunction function, RowExpression left, RowExpression right) {
    requireNumeric(call, left);
    requireNumeric(call, right);
    DataType leftType = left.type();
    DataType rightType = right.type();
    if (leftType.kind() == Kind.DOUBLE || rightType.kind() == Kind.DOUBLE) {
      return FunctionCall.of(
          function,
          DataType.DOUBLE,
          castTo(left, DataType.DOUBLE, call, false),
          castTo(right, DataType.DOUBLE, call, false));
    }
    if (leftType.isDecimal() || rightType.isDecimal()) {
      DataType l = asDecimal(leftType);
      DataType r = asDecimal(rightType);
      int p1 = l.precision();
      int s1 = l.scale();
      int p2 = r.precision();
      int s2 = r.scale();
      return switch (function) {
        case ADD, SUBTRACT -> {
          int scale = Math.max(s1, s2);
          int precision = Math.min(38, Math.max(p1 - s1, p2 - s2) + scale + 1);
          yield FunctionCall.of(
              function,
              DataType.decimal(precision, scale),
              rescale(left, l, scale, call),
              rescale(right, r, scale, call));
        }
        case MULTIPLY ->
            FunctionCall.of(
                function,
                DataType.decimal(Math.min(38, p1 + p2), s1 + s2),
                castTo(left, l, call, false),
                castTo(right, r, call, false));
        case DIVIDE ->
            FunctionCall.of(
                function,
                DataType.decimal(38, Math.max(6, s1)),
                castTo(left, l, call, false),
                castTo(right, r, call, false));
        case MODULO -> {
          int scale = Math.max(s1, s2);
          int precision = Math.min(38, Math.max(p1 - s1, p2 - s2) + scale);
          yield FunctionCall.of(
              function,
              DataType.decimal(precision, scale),
              rescale(left, l, scale, call),
              rescale(right, r, scale, call));
        }
        default -> throw new IllegalStateException("Not arithmetic: " + function);
      };
    }
    DataType type =
        leftType.kind() == Kind.BIGINT || rightType.kind() == Kind.BIGINT
            ? DataType.BIGINT
            : DataType.INT;
    return FunctionCall.of(
        function, type, castTo(left, type, call, false), castTo(right, type, call, false));
  }

  /** A decimal operand cast to the same value at a larger scale. */
  private RowExpression rescale(RowExpression value, DataType decimal, int scale, Expression call) {
    int precision = Math.min(38, decimal.precision() + scale - decimal.scale());
    return castTo(value, DataType.decimal(precision, scale), call, false);
  }

  private static DataType asDecimal(DataType type) {
    return switch (type.kind()) {
      case INT -> DataType.decimal(10, 0);
      case BIGINT -> DataType.decimal(19, 0);
      case DECIMAL -> type;
      default -> throw new IllegalStateException("Not an exact number: " + type);
    };
  }

  private RowExpression caseWhen(Call call, List<RowExpression> arguments) {
    List<RowExpression> values = new ArrayList<>();
    for (int i = 0; i + 1 < arguments.size(); i += 2) {
      requireBoolean(call, arguments.get(i));
      values.add(arguments.get(i + 1));
    }
    boolean hasElse = arguments.size() % 2 == 1;
    if (hasElse) {
      values.add(arguments.get(arguments.size() - 1));
    }
    DataType type = commonType(call, values);
    List<RowExpression> bound = new ArrayList<>();
    for (int i = 0; i + 1 < arguments.size(); i += 2) {
      bound.add(arguments.get(i));
      bound.add(castTo(arguments.get(i + 1), type, call, false));
    }
    bound.add(
        hasElse
            ? castTo(arguments.get(arguments.size() - 1), type, call, false)
            : Constant.nullOf(type));
    return new FunctionCall(ScalarFunction.CASE, bound, type);
  }

  private List<RowExpression> coerceToCommon(Call call, List<RowExpression> arguments) {
    DataType type = commonType(call, arguments);
    List<RowExpression> coerced = new ArrayList<>(arguments.size());
    for (RowExpression argument : arguments) {
      coerced.add(castTo(argument, type, call, false));
    }
    return coerced;
  }

  /**
   * The type all arguments can be compared or combined as: the widest number, DATE and TIMESTAMP as
   * TIMESTAMP, a VARCHAR literal with a DATE or TIMESTAMP, otherwise the same type.
   */
  private DataType commonType(Expression call, List<RowExpression> arguments) {
    DataType common = null;
    for (RowExpression argument : arguments) {
      DataType type = argument.type();
      if (argument instanceof Constant constant && constant.isNull()) {
        continue;
      }
      if (common == null) {
        common = type;
      } else if (!common.equals(type)) {
        common = widen(call, common, type, arguments);
      }
    }
    if (common == null) {
      return arguments.get(0).type();
    }
    return common;
  }

  private DataType widen(Expression call, DataType a, DataType b, List<RowExpression> arguments) {
    if (a.isNumeric() && b.isNumeric()) {
      if (a.kind() == Kind.DOUBLE || b.kind() == Kind.DOUBLE) {
        return DataType.DOUBLE;
      }
      if (a.isDecimal() || b.isDecimal()) {
        DataType l = asDecimal(a);
        DataType r = asDecimal(b);
        int scale = Math.max(l.scale(), r.scale());
        int integerDigits = Math.max(l.precision() - l.scale(), r.precision() - r.scale());
        return DataType.decimal(Math.min(38, integerDigits + scale), scale);
      }
      return DataType.BIGINT;
    }
    if ((a.kind() == Kind.DATE && b.kind() == Kind.TIMESTAMP)
        || (a.kind() == Kind.TIMESTAMP && b.kind() == Kind.DATE)) {
      return DataType.TIMESTAMP;
    }
    // A string literal compared with a date: the literal is parsed as a date.
    if (a.kind() == Kind.VARCHAR && (b.kind() == Kind.DATE || b.kind() == Kind.TIMESTAMP)) {
      return b;
    }
    if (b.kind() == Kind.VARCHAR && (a.kind() == Kind.DATE || a.kind() == Kind.TIMESTAMP)) {
      return a;
    }
    throw new LocusException(
        ErrorCode.TYPE_MISMATCH,
        "Type mismatch in " + operator + ": cannot combine " + a + " and " + b + " in " + call);
  }

  /**
   * Casts {@code value} to {@code type}: constants are converted now, other expressions get a CAST
   * node. An implicit cast only widens (or parses a string literal); {@code explicit} allows every
   * conversion the evaluator supports.
   */
  /**
   * {@code 0.06 - 0.01} computed once here instead of once per row: ADD, SUBTRACT and MULTIPLY of
   * constants. A result that overflows its type stays a call, so it fails at run time as it would
   * unfolded.
   */
  private static RowExpression foldConstants(RowExpression expression) {
    if (!(expression instanceof FunctionCall call)
        || !(call.function() == ScalarFunction.ADD
            || call.function() == ScalarFunction.SUBTRACT
            || call.function() == ScalarFunction.MULTIPLY)
        || !(call.arguments().get(0) instanceof Constant left)
        || !(call.arguments().get(1) instanceof Constant right)) {
      return expression;
    }
    DataType type = call.type();
    if (left.isNull() || right.isNull()) {
      return Constant.nullOf(type);
    }
    ScalarFunction function = call.function();
    try {
      Object value =
          switch (type.kind()) {
            case INT -> {
              int a = (Integer) left.value();
              int b = (Integer) right.value();
              yield function == ScalarFunction.ADD
                  ? Math.addExact(a, b)
                  : function == ScalarFunction.SUBTRACT
                      ? Math.subtractExact(a, b)
                      : Math.multiplyExact(a, b);
            }
            case BIGINT -> {
              long a = (Long) left.value();
              long b = (Long) right.value();
              yield function == ScalarFunction.ADD
                  ? Math.addExact(a, b)
                  : function == ScalarFunction.SUBTRACT
                      ? Math.subtractExact(a, b)
                      : Math.multiplyExact(a, b);
            }
            case DOUBLE -> {
              double a = (Double) left.value();
              double b = (Double) right.value();
              yield function == ScalarFunction.ADD
                  ? a + b
                  : function == ScalarFunction.SUBTRACT ? a - b : a * b;
            }
            case DECIMAL -> {
              BigDecimal a = (BigDecimal) left.value();
              BigDecimal b = (BigDecimal) right.value();
              BigDecimal result =
                  function == ScalarFunction.ADD
                      ? a.add(b)
                      : function == ScalarFunction.SUBTRACT ? a.subtract(b) : a.multiply(b);
              result = result.setScale(type.scale());
              yield result.precision() - result.scale() > type.precision() - type.scale()
                  ? null
                  : result;
            }
            default -> null;
          };
      return value == null ? expression : new Constant(value, type);
    } catch (ArithmeticException overflow) {
      return expression;
    }
  }

  private RowExpression castTo(
      RowExpression value, DataType type, Expression context, boolean explicit) {
    DataType from = value.type();
    if (from.equals(type)) {
      return value;
    }
    if (!castable(from, type, explicit || value instanceof Constant)) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Type mismatch in "
              + operator
              + ": cannot "
              + (explicit ? "cast " : "convert ")
              + from
              + " to "
              + type
              + " in "
              + context);
    }
    if (value instanceof Constant constant) {
      return new Constant(convertConstant(constant.value(), from, type, context), type);
    }
    return FunctionCall.of(ScalarFunction.CAST, type, value);
  }

  private static boolean castable(DataType from, DataType to, boolean explicit) {
    if (from.kind() == Kind.OBJECT || to.kind() == Kind.OBJECT) {
      return false;
    }
    if (from.isNumeric() && to.isNumeric()) {
      return true;
    }
    if (from.kind() == Kind.DATE && to.kind() == Kind.TIMESTAMP) {
      return true;
    }
    if (!explicit) {
      return false;
    }
    return from.kind() == Kind.VARCHAR
        || to.kind() == Kind.VARCHAR
        || (from.kind() == Kind.TIMESTAMP && to.kind() == Kind.DATE);
  }

  private Object convertConstant(Object value, DataType from, DataType to, Expression context) {
    if (value == null) {
      return null;
    }
    try {
      return switch (to.kind()) {
        case BOOLEAN -> Boolean.parseBoolean(value.toString().trim());
        case INT -> toBigDecimal(value).setScale(0, RoundingMode.HALF_UP).intValueExact();
        case BIGINT -> toBigDecimal(value).setScale(0, RoundingMode.HALF_UP).longValueExact();
        case DOUBLE -> toBigDecimal(value).doubleValue();
        case DECIMAL -> {
          BigDecimal decimal = toBigDecimal(value).setScale(to.scale(), RoundingMode.HALF_UP);
          if (decimal.precision() > to.precision()) {
            throw new LocusException(
                ErrorCode.NUMERIC_OVERFLOW,
                "Decimal overflow: " + decimal.toPlainString() + " does not fit " + to);
          }
          yield decimal;
        }
        case VARCHAR ->
            value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
        case DATE ->
            value instanceof LocalDateTime timestamp
                ? timestamp.toLocalDate()
                : LocalDate.parse(value.toString().trim());
        case TIMESTAMP ->
            value instanceof LocalDate date
                ? date.atStartOfDay()
                : LocalDateTime.parse(value.toString().trim().replace(' ', 'T'));
        case OBJECT -> throw new IllegalStateException("OBJECT constants are not converted");
      };
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new LocusException(
          ErrorCode.INVALID_CAST,
          "Cannot cast '" + value + "' to " + to + " in " + operator + ": " + context,
          e);
    }
  }

  private static BigDecimal toBigDecimal(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    if (value instanceof Double number) {
      return BigDecimal.valueOf(number);
    }
    if (value instanceof Number number) {
      return BigDecimal.valueOf(number.longValue());
    }
    return new BigDecimal(value.toString().trim());
  }

  private static Constant constant(Object value, DataType type) {
    if (value == null) {
      return Constant.nullOf(type);
    }
    if (value instanceof Short || value instanceof Byte) {
      return new Constant(((Number) value).intValue(), type);
    }
    if (value instanceof Float number) {
      return new Constant(number.doubleValue(), type);
    }
    if (value instanceof BigDecimal decimal && decimal.scale() < 0) {
      return new Constant(decimal.setScale(0), type);
    }
    return new Constant(value, type);
  }

  private RowExpression toInt(Call call, RowExpression value) {
    Kind kind = value.type().kind();
    if (kind == Kind.INT) {
      return value;
    }
    if (kind == Kind.BIGINT && value instanceof Constant) {
      return castTo(value, DataType.INT, call, true);
    }
    throw mismatch(call, "INT", value.type());
  }

  private void requireNumeric(Call call, RowExpression value) {
    if (!value.type().isNumeric()) {
      throw mismatch(call, "a number", value.type());
    }
  }

  private void requireBoolean(Call call, RowExpression value) {
    if (value.type().kind() != Kind.BOOLEAN) {
      throw mismatch(call, "BOOLEAN", value.type());
    }
  }

  private void requireKind(Call call, RowExpression value, Kind kind) {
    if (value.type().kind() != kind) {
      throw mismatch(call, kind.name(), value.type());
    }
  }

  private LocusException mismatch(Call call, String expected, DataType found) {
    return new LocusException(
        ErrorCode.TYPE_MISMATCH,
        "Type mismatch in "
            + operator
            + ": "
            + call.function().symbol()
            + " expects "
            + expected
            + "; found "
            + found
            + " in "
            + call);
  }
}
