package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.type.DataType;
import java.util.Locale;

/**
 * A bound aggregate of an {@link Aggregate}: the function over input column {@code argument} (-1
 * for {@code COUNT(*)}). Result types:
 *
 * <pre>
 * COUNT           BIGINT (never NULL)
 * SUM(INT|BIGINT) BIGINT;  SUM(DECIMAL(p, s)) DECIMAL(38, s);  SUM(DOUBLE) DOUBLE
 * AVG(INT|BIGINT|DOUBLE) DOUBLE;  AVG(DECIMAL(p, s)) DECIMAL(38, max(s, 6)), rounded half-up
 * MIN, MAX        the argument's type
 * </pre>
 *
 * SUM, AVG, MIN and MAX ignore NULLs and are NULL over no non-NULL value.
 */
public record AggregateCall(
    AggregateFunction function, int argument, boolean distinct, DataType type, String name) {
  public AggregateCall {
    requireNonNull(function, "function is null");
    requireNonNull(type, "type is null");
    requireNonNull(name, "name is null");
    if (argument < -1 || (argument == -1 && function != AggregateFunction.COUNT)) {
      throw new IllegalArgumentException(function + " needs an argument column; found " + argument);
    }
  }

  /** A call with its result type derived from the argument type (null for COUNT(*)). */
  public static AggregateCall of(
      AggregateFunction function,
      int argument,
      DataType argumentType,
      boolean distinct,
      String name) {
    return new AggregateCall(
        function, argument, distinct, resultType(function, argumentType), name);
  }

  public static DataType resultType(AggregateFunction function, DataType argumentType) {
    if (function == AggregateFunction.COUNT) {
      return DataType.BIGINT;
    }
    requireNonNull(argumentType, "argumentType is null");
    if (function == AggregateFunction.MIN || function == AggregateFunction.MAX) {
      if (argumentType.kind() == DataType.Kind.OBJECT) {
        throw typeError(function, argumentType);
      }
      return argumentType;
    }
    return switch (argumentType.kind()) {
      case INT, BIGINT -> function == AggregateFunction.SUM ? DataType.BIGINT : DataType.DOUBLE;
      case DOUBLE -> DataType.DOUBLE;
      case DECIMAL ->
          function == AggregateFunction.SUM
              ? DataType.decimal(DataType.MAX_DECIMAL_PRECISION, argumentType.scale())
              : DataType.decimal(DataType.MAX_DECIMAL_PRECISION, Math.max(argumentType.scale(), 6));
      default -> throw typeError(function, argumentType);
    };
  }

  private static LocusException typeError(AggregateFunction function, DataType argumentType) {
    return new LocusException(
        ErrorCode.TYPE_MISMATCH,
        "Aggregate "
            + function
            + " cannot be applied to "
            + argumentType
            + "; it takes "
            + (function == AggregateFunction.MIN || function == AggregateFunction.MAX
                ? "any column type"
                : "INT, BIGINT, DOUBLE or DECIMAL"));
  }

  @Override
  public String toString() {
    String call =
        function.name().toLowerCase(Locale.ROOT)
            + "("
            + (distinct ? "DISTINCT " : "")
            + (argument < 0 ? "*" : "$" + argument)
            + ")";
    return call + " AS " + name;
  }
}
