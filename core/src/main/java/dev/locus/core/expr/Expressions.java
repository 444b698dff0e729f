package dev.locus.core.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Static factories for expressions: {@code import static dev.locus.core.expr.Expressions.*}. */
public final class Expressions {
  private Expressions() {}

  public static Expression col(String name) {
    return new Column(name);
  }

  /** A literal whose type follows from the Java value; an {@link Expression} is returned as is. */
  public static Expression lit(Object value) {
    if (value instanceof Expression expression) {
      return expression;
    }
    return new Literal(value, typeOf(value));
  }

  public static Expression nullLiteral(DataType type) {
    return new Literal(null, type);
  }

  public static Expression date(String isoDate) {
    return new Literal(LocalDate.parse(isoDate), DataType.DATE);
  }

  /** An exact decimal literal: {@code decimal("0.05")} is DECIMAL(2, 2). */
  public static Expression decimal(String value) {
    BigDecimal decimal = new BigDecimal(value);
    return new Literal(decimal, decimalType(decimal));
  }

  /** Starts a CASE: {@code when(c1, v1).when(c2, v2).otherwise(e)} (or {@code .end()}). */
  public static CaseExpression when(Expression condition, Object value) {
    return new CaseBuilder().when(condition, value);
  }

  public static Expression coalesce(Object... values) {
    return new Call(
        ScalarFunction.COALESCE, List.of(values).stream().map(Expressions::lit).toList());
  }

  public static Expression substring(Expression value, int start) {
    return new Call(ScalarFunction.SUBSTRING, List.of(value, lit(start)));
  }

  public static Expression upper(Expression value) {
    return new Call(ScalarFunction.UPPER, List.of(value));
  }

  public static Expression lower(Expression value) {
    return new Call(ScalarFunction.LOWER, List.of(value));
  }

  public static Expression trim(Expression value) {
    return new Call(ScalarFunction.TRIM, List.of(value));
  }

  public static Expression length(Expression value) {
    return new Call(ScalarFunction.LENGTH, List.of(value));
  }

  public static Expression concat(Object... values) {
    return new Call(ScalarFunction.CONCAT, List.of(values).stream().map(Expressions::lit).toList());
  }

  public static Expression abs(Expression value) {
    return new Call(ScalarFunction.ABS, List.of(value));
  }

  public static Expression year(Expression value) {
    return new Call(ScalarFunction.EXTRACT_YEAR, List.of(value));
  }

  public static Expression month(Expression value) {
    return new Call(ScalarFunction.EXTRACT_MONTH, List.of(value));
  }

  public static Expression day(Expression value) {
    return new Call(ScalarFunction.EXTRACT_DAY, List.of(value));
  }

  public static Expression addDays(Expression date, int days) {
    return new Call(ScalarFunction.ADD_DAYS, List.of(date, lit(days)));
  }

  public static Expression addMonths(Expression date, int months) {
    return new Call(ScalarFunction.ADD_MONTHS, List.of(date, lit(months)));
  }

  public static Expression addYears(Expression date, int years) {
    return addMonths(date, Math.multiplyExact(years, 12));
  }

  public static AggregateExpression sum(Expression value) {
    return new AggregateExpression(AggregateFunction.SUM, value, false, null);
  }

  public static AggregateExpression avg(Expression value) {
    return new AggregateExpression(AggregateFunction.AVG, value, false, null);
  }

  public static AggregateExpression min(Expression value) {
    return new AggregateExpression(AggregateFunction.MIN, value, false, null);
  }

  public static AggregateExpression max(Expression value) {
    return new AggregateExpression(AggregateFunction.MAX, value, false, null);
  }

  public static AggregateExpression count(Expression value) {
    return new AggregateExpression(AggregateFunction.COUNT, value, false, null);
  }

  public static AggregateExpression countDistinct(Expression value) {
    return new AggregateExpression(AggregateFunction.COUNT, value, true, null);
  }

  /** {@code COUNT(*)}: the number of rows. */
  public static AggregateExpression countStar() {
    return new AggregateExpression(AggregateFunction.COUNT, null, false, null);
  }

  /** The Locus type of a Java value, or an error naming the value's class. */
  public static DataType typeOf(Object value) {
    if (value == null) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A NULL literal needs a type: use Expressions.nullLiteral(type)");
    }
    if (value instanceof Boolean) {
      return DataType.BOOLEAN;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return DataType.INT;
    }
    if (value instanceof Long) {
      return DataType.BIGINT;
    }
    if (value instanceof Double || value instanceof Float) {
      return DataType.DOUBLE;
    }
    if (value instanceof BigDecimal decimal) {
      return decimalType(decimal);
    }
    if (value instanceof String) {
      return DataType.VARCHAR;
    }
    if (value instanceof LocalDate) {
      return DataType.DATE;
    }
    if (value instanceof LocalDateTime) {
      return DataType.TIMESTAMP;
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "No Locus type for literal "
            + value
            + " of class "
            + value.getClass().getName()
            + "; supported: Boolean, Integer, Long, Double, BigDecimal, String, LocalDate,"
            + " LocalDateTime");
  }

  private static DataType decimalType(BigDecimal decimal) {
    int scale = Math.max(decimal.scale(), 0);
    int precision = Math.max(decimal.precision(), scale);
    return DataType.decimal(Math.max(precision, 1), scale);
  }

  /** Builds {@code CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ... ELSE e END}. */
  public static final class CaseBuilder {
    private final List<Expression> arguments = new ArrayList<>();

    public CaseExpression when(Expression condition, Object value) {
      arguments.add(condition);
      arguments.add(lit(value));
      return new CaseExpression(this);
    }
  }

  /**
   * A CASE being built; it is already an expression (ELSE NULL), and {@link #otherwise} adds the
   * ELSE.
   */
  public static final class CaseExpression {
    private final CaseBuilder builder;

    private CaseExpression(CaseBuilder builder) {
      this.builder = builder;
    }

    public CaseExpression when(Expression condition, Object value) {
      return builder.when(condition, value);
    }

    public Expression otherwise(Object value) {
      List<Expression> arguments = new ArrayList<>(builder.arguments);
      arguments.add(lit(value));
      return new Call(ScalarFunction.CASE, arguments);
    }

    public Expression end() {
      return new Call(ScalarFunction.CASE, builder.arguments);
    }
  }
}
