package dev.locus.operators.aggregate;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.batch.Decimals;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * Exact sums of unscaled integers: {@code SUM(DECIMAL)}, {@code AVG(DECIMAL)} and {@code
 * AVG(INT|BIGINT)}. Each group sums in a {@code long}; when an addition overflows, the group's
 * running sum moves into a {@link BigInteger} spill (allocated only for groups that overflow), so
 * results are exact to the last digit whatever the input. A result that does not fit DECIMAL(38) is
 * a {@link ErrorCode#NUMERIC_OVERFLOW}.
 *
 * <p>The intermediate state is the sum as DECIMAL(38, s) (NULL when the group saw no value) and,
 * for AVG, the count of values as BIGINT.
 */
final class ExactSumAccumulator extends Accumulator {
  private static final long EXACT_DOUBLE = 1L << 53;

  /** DECIMALs of at most this precision fit a long: {@code 10^18 - 1 < 2^63}. */
  private static final int MAX_LONG_PRECISION = 18;

  private static final java.math.MathContext QUOTIENT_CONTEXT = new java.math.MathContext(40);
  private static final BigInteger DECIMAL_LIMIT =
      BigInteger.TEN.pow(DataType.MAX_DECIMAL_PRECISION);

  /** What the sum becomes. */
  enum Result {
    /** SUM(DECIMAL(p, s)) -> DECIMAL(38, s). */
    SUM_DECIMAL,
    /** AVG(DECIMAL(p, s)) -> DECIMAL(38, max(s, 6)), rounded half-up. */
    AVG_DECIMAL,
    /** AVG(INT|BIGINT) -> DOUBLE. */
    AVG_DOUBLE
  }

  private final String name;
  private final String description;
  private final Result result;
  private final int scale;
  private final int resultScale;
  private long[] sums = new long[0];
  private long[] counts = new long[0];
  private BigInteger[] spill;

  /** The accumulator whose sums this one reports instead of summing itself; null: none. */
  private ExactSumAccumulator leader;

  /**
   * @param scale the scale of the input values (0 for INT and BIGINT)
   * @param description the call as users wrote it, for errors: {@code sum(price)}
   */
  ExactSumAccumulator(String name, String description, Result result, int scale) {
    this.name = name;
    this.description = description;
    this.result = result;
    this.scale = scale;
    this.resultScale = result == Result.AVG_DECIMAL ? Math.max(scale, 6) : scale;
  }

  @Override
  List<Field> intermediateFields() {
    Field sum =
        Field.nullable(name + "$sum", DataType.decimal(DataType.MAX_DECIMAL_PRECISION, scale));
    return result == Result.SUM_DECIMAL
        ? List.of(sum)
        : List.of(sum, Field.notNull(name + "$count", DataType.BIGINT));
  }

  /**
   * Makes this {@code SUM(x)} report the sums of {@code leader}, an {@code AVG(x)} over the same
   * column, instead of summing the column again (TPC-H Q1 has both for two columns). The leader
   * sums and counts exactly the values this one would: its non-NULL values, in PARTIAL and SINGLE
   * from the column, in FINAL from its own state columns.
   */
  void follow(ExactSumAccumulator leader) {
    if (result != Result.SUM_DECIMAL
        || leader.result != Result.AVG_DECIMAL
        || leader.scale != scale
        || leader.leader != null) {
      throw new IllegalArgumentException(
          description + " cannot report the sums of " + leader.description);
    }
    this.leader = leader;
  }

  /** Takes the leader's state before writing results. */
  private void syncWithLeader() {
    if (leader != null) {
      sums = leader.sums;
      counts = leader.counts;
      spill = leader.spill;
    }
  }

  @Override
  void ensureCapacity(int groupCount) {
    if (leader != null) {
      return;
    }
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      sums = Arrays.copyOf(sums, capacity);
      counts = Arrays.copyOf(counts, capacity);
      if (spill != null) {
        spill = Arrays.copyOf(spill, capacity);
      }
    }
  }

  @Override
  void addInput(FieldVector argument, int[] groupIds, int rowCount) {
    if (leader != null) {
      return;
    }
    if (argument instanceof DecimalVector) {
      addDecimals(argument, groupIds, rowCount, true);
    } else {
      addIntegers(argument, groupIds, rowCount);
    }
  }

  @Override
  void addInput(
      FieldVector argument, int[] groupIds, int rowCount, int[] groupRows, int groupCount) {
    if (leader != null) {
      return;
    }
    if (!(argument instanceof DecimalVector decimals) || argument.getNullCount() > 0) {
      addInput(argument, groupIds, rowCount);
      return;
    }
    if (decimals.getPrecision() > MAX_LONG_PRECISION) {
      addDecimals(argument, groupIds, rowCount, false);
    } else {
      addShortDecimals(argument, groupIds, rowCount);
    }
    long[] counts = this.counts;
    for (int group = 0; group < groupCount; group++) {
      counts[group] += groupRows[group];
    }
  }

  /**
   * Sums DECIMALs of at most 18 digits without NULLs: every value fits the low word, so the high
   * words are not read; the caller counts the values.
   */
  // hot path
  private void addShortDecimals(FieldVector argument, int[] groupIds, int rowCount) {
    long[] sums = this.sums;
    long data = argument.getDataBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      long value = MemoryUtil.getLong(data + (long) row * 16);
      int group = groupIds[row];
      long sum = sums[group];
      long next = sum + value;
      if (((sum ^ next) & (value ^ next)) < 0) {
        spill(group, value);
      } else {
        sums[group] = next;
      }
    }
  }

  @Override
  void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount) {
    if (leader != null) {
      return;
    }
    if (result == Result.SUM_DECIMAL) {
      addDecimals(state[0], groupIds, rowCount, true);
      return;
    }
    addDecimals(state[0], groupIds, rowCount, false);
    long[] counts = this.counts;
    long countData = state[1].getDataBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      counts[groupIds[row]] += MemoryUtil.getLong(countData + (long) row * 8);
    }
  }

  // hot path
  private void addIntegers(FieldVector argument, int[] groupIds, int rowCount) {
    long[] sums = this.sums;
    long[] counts = this.counts;
    long data = argument.getDataBuffer().memoryAddress();
    boolean hasNulls = argument.getNullCount() > 0;
    long validity = argument.getValidityBuffer().memoryAddress();
    boolean ints = argument instanceof IntVector;
    for (int row = 0; row < rowCount; row++) {
      if (hasNulls && !isSet(validity, row)) {
        continue;
      }
      long value =
          ints
              ? MemoryUtil.getInt(data + (long) row * 4)
              : MemoryUtil.getLong(data + (long) row * 8);
      int group = groupIds[row];
      long sum = sums[group];
      long next = sum + value;
      if (((sum ^ next) & (value ^ next)) < 0) {
        spill(group, value);
      } else {
        sums[group] = next;
      }
      counts[group]++;
    }
  }

  // hot path
  private void addDecimals(
      FieldVector argument, int[] groupIds, int rowCount, boolean countValues) {
    long[] sums = this.sums;
    long[] counts = this.counts;
    long data = argument.getDataBuffer().memoryAddress();
    boolean hasNulls = argument.getNullCount() > 0;
    long validity = argument.getValidityBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      if (hasNulls && !isSet(validity, row)) {
        continue;
      }
      long low = MemoryUtil.getLong(data + (long) row * 16);
      long high = MemoryUtil.getLong(data + (long) row * 16 + 8);
      int group = groupIds[row];
      if (high != (low >> 63)) {
        spillWide(group, toBigInteger(low, high));
      } else {
        long sum = sums[group];
        long next = sum + low;
        if (((sum ^ next) & (low ^ next)) < 0) {
          spill(group, low);
        } else {
          sums[group] = next;
        }
      }
      if (countValues) {
        counts[group]++;
      }
    }
  }

  /** Moves a group's running sum plus {@code value} (whose addition overflowed) to its spill. */
  private void spill(int group, long value) {
    spillWide(group, BigInteger.valueOf(value));
  }

  private void spillWide(int group, BigInteger value) {
    if (spill == null) {
      spill = new BigInteger[sums.length];
    }
    BigInteger total = spill[group] == null ? BigInteger.ZERO : spill[group];
    spill[group] = total.add(BigInteger.valueOf(sums[group])).add(value);
    sums[group] = 0;
  }

  private static BigInteger toBigInteger(long low, long high) {
    return BigInteger.valueOf(high)
        .shiftLeft(64)
        .add(BigInteger.valueOf(low & Long.MAX_VALUE))
        .add(low < 0 ? BigInteger.ONE.shiftLeft(63) : BigInteger.ZERO);
  }

  /** The exact sum of a group, or null when it fits the group's {@code long}. */
  private BigInteger wideSum(int group) {
    if (spill == null || spill[group] == null) {
      return null;
    }
    return spill[group].add(BigInteger.valueOf(sums[group]));
  }

  @Override
  void writeIntermediate(int from, int count, FieldVector[] targets) {
    syncWithLeader();
    writeSums(from, count, targets[0]);
    if (result != Result.SUM_DECIMAL) {
      ArrowBuf data = targets[1].getDataBuffer();
      ArrowBuf validity = targets[1].getValidityBuffer();
      for (int i = 0; i < count; i++) {
        data.setLong((long) i * 8, counts[from + i]);
        BitVectorHelper.setBit(validity, i);
      }
    }
  }

  @Override
  void writeFinal(int from, int count, FieldVector target) {
    syncWithLeader();
    switch (result) {
      case SUM_DECIMAL -> writeSums(from, count, target);
      case AVG_DECIMAL -> writeDecimalAverages(from, count, target);
      case AVG_DOUBLE -> writeDoubleAverages(from, count, target);
    }
  }

  private void writeSums(int from, int count, FieldVector target) {
    DecimalVector decimals = (DecimalVector) target;
    for (int i = 0; i < count; i++) {
      int group = from + i;
      if (counts[group] == 0) {
        continue;
      }
      BigInteger wide = wideSum(group);
      if (wide == null) {
        Decimals.setUnscaled(decimals, i, sums[group]);
      } else {
        setWide(decimals, i, wide, scale);
      }
    }
  }

  private void writeDecimalAverages(int from, int count, FieldVector target) {
    DecimalVector decimals = (DecimalVector) target;
    int extraDigits = resultScale - scale;
    long factor = Decimals.powerOfTen(extraDigits);
    long limit = Long.MAX_VALUE / factor;
    for (int i = 0; i < count; i++) {
      int group = from + i;
      long values = counts[group];
      if (values == 0) {
        continue;
      }
      BigInteger wide = wideSum(group);
      long sum = sums[group];
      if (wide == null && sum >= -limit && sum <= limit) {
        long scaled = sum * factor;
        long quotient = scaled / values;
        long remainder = Math.abs(scaled % values);
        if (remainder >= values - remainder) {
          quotient += Long.signum(scaled);
        }
        Decimals.setUnscaled(decimals, i, quotient);
      } else {
        BigDecimal total = new BigDecimal(wide == null ? BigInteger.valueOf(sum) : wide, scale);
        BigDecimal average =
            total.divide(BigDecimal.valueOf(values), resultScale, RoundingMode.HALF_UP);
        setWide(decimals, i, average.unscaledValue(), resultScale);
      }
    }
  }

  private void writeDoubleAverages(int from, int count, FieldVector target) {
    ArrowBuf data = target.getDataBuffer();
    ArrowBuf validity = target.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      int group = from + i;
      long values = counts[group];
      if (values == 0) {
        continue;
      }
      BigInteger wide = wideSum(group);
      long sum = sums[group];
      // One rounding, as the exact quotient would be: a long sum converts to double exactly only
      // up to 2^53.
      double average =
          wide == null && sum >= -EXACT_DOUBLE && sum <= EXACT_DOUBLE
              ? (double) sum / values
              : new BigDecimal(wide == null ? BigInteger.valueOf(sum) : wide)
                  .divide(BigDecimal.valueOf(values), QUOTIENT_CONTEXT)
                  .doubleValue();
      data.setDouble((long) i * 8, average);
      BitVectorHelper.setBit(validity, i);
    }
  }

  private void setWide(DecimalVector target, int index, BigInteger unscaled, int valueScale) {
    if (unscaled.abs().compareTo(DECIMAL_LIMIT) >= 0) {
      throw new LocusException(
          ErrorCode.NUMERIC_OVERFLOW,
          "Decimal overflow: "
              + new BigDecimal(unscaled, valueScale).toPlainString()
              + " does not fit "
              + DataType.decimal(DataType.MAX_DECIMAL_PRECISION, valueScale)
              + " in "
              + description);
    }
    ArrowBuf data = target.getDataBuffer();
    data.setLong((long) index * 16, unscaled.longValue());
    data.setLong((long) index * 16 + 8, unscaled.shiftRight(64).longValue());
    BitVectorHelper.setBit(target.getValidityBuffer(), index);
  }
}
