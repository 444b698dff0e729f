package dev.locus.core.batch;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reading and writing single values of Arrow vectors as Locus Java objects. For collected results,
 * literals and row-at-a-time sources; operators' hot loops use the vectors' primitive accessors.
 */
public final class Vectors {
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private Vectors() {}

  /** The value at {@code index} as the Java object of its Locus type, or null. */
  public static Object getObject(FieldVector vector, int index) {
    if (vector.isNull(index)) {
      return null;
    }
    if (vector instanceof BitVector bits) {
      return bits.get(index) != 0;
    } else if (vector instanceof IntVector ints) {
      return ints.get(index);
    } else if (vector instanceof BigIntVector longs) {
      return longs.get(index);
    } else if (vector instanceof Float8Vector doubles) {
      return doubles.get(index);
    } else if (vector instanceof DecimalVector decimals) {
      return decimals.getObject(index);
    } else if (vector instanceof VarCharVector strings) {
      return new String(strings.get(index), StandardCharsets.UTF_8);
    } else if (vector instanceof DateDayVector dates) {
      return LocalDate.ofEpochDay(dates.get(index));
    } else if (vector instanceof TimeStampMicroVector timestamps) {
      return toLocalDateTime(timestamps.get(index));
    }
    throw unsupported(vector);
  }

  /**
   * Writes a value (null, or an instance of the type's Java class; DECIMAL values are rescaled
   * exactly, an inexact rescale is an error) at {@code index}, growing the vector as needed. The
   * caller sets the value count.
   */
  public static void setObject(FieldVector vector, int index, Object value) {
    if (value == null) {
      vector.setNull(index);
      return;
    }
    if (vector instanceof BitVector bits) {
      bits.setSafe(index, ((Boolean) value) ? 1 : 0);
    } else if (vector instanceof IntVector ints) {
      ints.setSafe(index, ((Number) value).intValue());
    } else if (vector instanceof BigIntVector longs) {
      longs.setSafe(index, ((Number) value).longValue());
    } else if (vector instanceof Float8Vector doubles) {
      doubles.setSafe(index, ((Number) value).doubleValue());
    } else if (vector instanceof DecimalVector decimals) {
      decimals.setSafe(index, rescale((BigDecimal) value, decimals));
    } else if (vector instanceof VarCharVector strings) {
      strings.setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof DateDayVector dates) {
      dates.setSafe(index, (int) ((LocalDate) value).toEpochDay());
    } else if (vector instanceof TimeStampMicroVector timestamps) {
      timestamps.setSafe(index, toMicros((LocalDateTime) value));
    } else {
      throw unsupported(vector);
    }
  }

  private static LocusException unsupported(FieldVector vector) {
    return new LocusException(
        ErrorCode.INTERNAL_ERROR,
        "Unsupported vector " + vector.getClass().getSimpleName() + " for " + vector.getField());
  }

  private static BigDecimal rescale(BigDecimal value, DecimalVector vector) {
    try {
      BigDecimal rescaled = value.setScale(vector.getScale(), RoundingMode.UNNECESSARY);
      if (rescaled.precision() > vector.getPrecision()) {
        throw new LocusException(
            ErrorCode.NUMERIC_OVERFLOW,
            "Decimal overflow: "
                + value.toPlainString()
                + " does not fit DECIMAL("
                + vector.getPrecision()
                + ", "
                + vector.getScale()
                + ") of column '"
                + vector.getName()
                + "'");
      }
      return rescaled;
    } catch (ArithmeticException e) {
      throw new LocusException(
          ErrorCode.INVALID_CAST,
          "Value "
              + value.toPlainString()
              + " has more than "
              + vector.getScale()
              + " decimal places for column '"
              + vector.getName()
              + "'",
          e);
    }
  }

  public static LocalDateTime toLocalDateTime(long micros) {
    return EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  public static long toMicros(LocalDateTime value) {
    return ChronoUnit.MICROS.between(EPOCH, value);
  }

  /**
   * Micros since the epoch as a UTC instant, for sources that deliver {@link java.sql.Timestamp}.
   */
  public static long toMicros(java.sql.Timestamp timestamp) {
    return toMicros(timestamp.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime());
  }

  /** Whether a vector carries values of a Locus type. */
  public static DataType typeOf(FieldVector vector) {
    return DataType.fromArrow(vector.getField().getType());
  }
}
