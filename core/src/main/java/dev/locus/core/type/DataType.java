package dev.locus.core.type;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A Locus column type. Values of each type are carried in one Arrow vector class and, as Java
 * objects (literals, collected rows), in one Java class:
 *
 * <pre>
 * BOOLEAN   BitVector          Boolean
 * INT       IntVector          Integer
 * BIGINT    BigIntVector       Long
 * DOUBLE    Float8Vector       Double
 * DECIMAL   DecimalVector      BigDecimal (exact, scale = the type's scale)
 * VARCHAR   VarCharVector      String
 * DATE      DateDayVector      LocalDate (days since 1970-01-01)
 * TIMESTAMP TimeStampMicroVector LocalDateTime (microseconds, no time zone)
 * OBJECT    (object batches)   any Java object, for the typed DataSet API
 * </pre>
 *
 * @param precision decimal digits for DECIMAL, 0 otherwise
 * @param scale digits after the point for DECIMAL, 0 otherwise
 */
public record DataType(Kind kind, int precision, int scale) {
  /** Largest decimal precision, as in SQL:2016 engines. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  public static final DataType BOOLEAN = new DataType(Kind.BOOLEAN, 0, 0);
  public static final DataType INT = new DataType(Kind.INT, 0, 0);
  public static final DataType BIGINT = new DataType(Kind.BIGINT, 0, 0);
  public static final DataType DOUBLE = new DataType(Kind.DOUBLE, 0, 0);
  public static final DataType VARCHAR = new DataType(Kind.VARCHAR, 0, 0);
  public static final DataType DATE = new DataType(Kind.DATE, 0, 0);
  public static final DataType TIMESTAMP = new DataType(Kind.TIMESTAMP, 0, 0);
  public static final DataType OBJECT = new DataType(Kind.OBJECT, 0, 0);

  /** The kinds of type. */
  public enum Kind {
    BOOLEAN,
    INT,
    BIGINT,
    DOUBLE,
    DECIMAL,
    VARCHAR,
    DATE,
    TIMESTAMP,
    OBJECT
  }

  public DataType {
    requireNonNull(kind, "kind is null");
    if (kind == Kind.DECIMAL) {
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Decimal precision must be between 1 and 38; found " + precision);
      }
      if (scale < 0 || scale > precision) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Decimal scale must be between 0 and the precision " + precision + "; found " + scale);
      }
    } else if (precision != 0 || scale != 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Only DECIMAL has a precision and scale; found "
              + kind
              + "("
              + precision
              + ", "
              + scale
              + ")");
    }
  }

  public static DataType decimal(int precision, int scale) {
    return new DataType(Kind.DECIMAL, precision, scale);
  }

  public boolean isNumeric() {
    return kind == Kind.INT || kind == Kind.BIGINT || kind == Kind.DOUBLE || kind == Kind.DECIMAL;
  }

  public boolean isDecimal() {
    return kind == Kind.DECIMAL;
  }

  /** The Arrow type that carries this type's values. */
  public ArrowType toArrow() {
    return switch (kind) {
      case BOOLEAN -> ArrowType.Bool.INSTANCE;
      case INT -> new ArrowType.Int(32, true);
      case BIGINT -> new ArrowType.Int(64, true);
      case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL -> new ArrowType.Decimal(precision, scale, 128);
      case VARCHAR -> ArrowType.Utf8.INSTANCE;
      case DATE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case OBJECT ->
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR, "OBJECT values are not carried in Arrow vectors");
    };
  }

  /** The Locus type of an Arrow type, or an error naming the Arrow type when there is none. */
  public static DataType fromArrow(ArrowType arrowType) {
    if (arrowType instanceof ArrowType.Bool) {
      return BOOLEAN;
    }
    if (arrowType instanceof ArrowType.Int intType && intType.getIsSigned()) {
      if (intType.getBitWidth() == 32) {
        return INT;
      }
      if (intType.getBitWidth() == 64) {
        return BIGINT;
      }
    }
    if (arrowType instanceof ArrowType.FloatingPoint floatingPoint
        && floatingPoint.getPrecision() == FloatingPointPrecision.DOUBLE) {
      return DOUBLE;
    }
    if (arrowType instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
      return decimal(decimal.getPrecision(), decimal.getScale());
    }
    if (arrowType instanceof ArrowType.Utf8) {
      return VARCHAR;
    }
    if (arrowType instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
      return DATE;
    }
    if (arrowType instanceof ArrowType.Timestamp timestamp
        && timestamp.getUnit() == TimeUnit.MICROSECOND
        && timestamp.getTimezone() == null) {
      return TIMESTAMP;
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Arrow type "
            + arrowType
            + " has no Locus type; supported: "
            + java.util.List.of(Kind.values()));
  }

  /** The Java class of this type's values as objects. */
  public Class<?> javaClass() {
    return switch (kind) {
      case BOOLEAN -> Boolean.class;
      case INT -> Integer.class;
      case BIGINT -> Long.class;
      case DOUBLE -> Double.class;
      case DECIMAL -> BigDecimal.class;
      case VARCHAR -> String.class;
      case DATE -> LocalDate.class;
      case TIMESTAMP -> LocalDateTime.class;
      case OBJECT -> Object.class;
    };
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + ", " + scale + ")" : kind.name();
  }
}
