package dev.locus.operators.aggregate;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;

/**
 * {@code SUM} of INT or BIGINT: a {@code long} per group with overflow checks (a sum outside the
 * BIGINT range is an error, never a wrapped value) and a flag for "saw a non-NULL value".
 */
final class BigintSumAccumulator extends Accumulator {
  private final String name;
  private final String description;
  private long[] sums = new long[0];
  private boolean[] seen = new boolean[0];

  /**
   * @param description the call as users wrote it, for errors: {@code sum(quantity)}
   */
  BigintSumAccumulator(String name, String description) {
    this.name = name;
    this.description = description;
  }

  @Override
  List<Field> intermediateFields() {
    return List.of(Field.nullable(name + "$sum", DataType.BIGINT));
  }

  @Override
  void ensureCapacity(int groupCount) {
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      sums = Arrays.copyOf(sums, capacity);
      seen = Arrays.copyOf(seen, capacity);
    }
  }

  // hot path
  @Override
  void addInput(FieldVector argument, int[] groupIds, int rowCount) {
    long[] sums = this.sums;
    boolean[] seen = this.seen;
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
      long result = sum + value;
      if (((sum ^ result) & (value ^ result)) < 0) {
        throw overflow(sum, value);
      }
      sums[group] = result;
      seen[group] = true;
    }
  }

  @Override
  void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount) {
    addInput(state[0], groupIds, rowCount);
  }

  private LocusException overflow(long sum, long value) {
    return new LocusException(
        ErrorCode.NUMERIC_OVERFLOW,
        "BIGINT overflow in "
            + description
            + ": "
            + BigInteger.valueOf(sum).add(BigInteger.valueOf(value))
            + " is outside the BIGINT range ["
            + Long.MIN_VALUE
            + ", "
            + Long.MAX_VALUE
            + "]");
  }

  @Override
  void writeIntermediate(int from, int count, FieldVector[] targets) {
    writeFinal(from, count, targets[0]);
  }

  @Override
  void writeFinal(int from, int count, FieldVector target) {
    ArrowBuf data = target.getDataBuffer();
    ArrowBuf validity = target.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      if (seen[from + i]) {
        data.setLong((long) i * 8, sums[from + i]);
        BitVectorHelper.setBit(validity, i);
      }
    }
  }
}
