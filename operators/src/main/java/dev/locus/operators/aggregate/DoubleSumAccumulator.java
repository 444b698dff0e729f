package dev.locus.operators.aggregate;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code SUM} and {@code AVG} of DOUBLE: a {@code double} sum and a count of non-NULL values per
 * group.
 */
final class DoubleSumAccumulator extends Accumulator {
  private final String name;
  private final boolean average;
  private double[] sums = new double[0];
  private long[] counts = new long[0];

  DoubleSumAccumulator(String name, boolean average) {
    this.name = name;
    this.average = average;
  }

  @Override
  List<Field> intermediateFields() {
    Field sum = Field.nullable(name + "$sum", DataType.DOUBLE);
    return average ? List.of(sum, Field.notNull(name + "$count", DataType.BIGINT)) : List.of(sum);
  }

  @Override
  void ensureCapacity(int groupCount) {
    if (groupCount > sums.length) {
      int capacity = grownCapacity(sums.length, groupCount);
      sums = Arrays.copyOf(sums, capacity);
      counts = Arrays.copyOf(counts, capacity);
    }
  }

  // hot path
  @Override
  void addInput(FieldVector argument, int[] groupIds, int rowCount) {
    double[] sums = this.sums;
    long[] counts = this.counts;
    long data = argument.getDataBuffer().memoryAddress();
    if (argument.getNullCount() == 0) {
      for (int row = 0; row < rowCount; row++) {
        int group = groupIds[row];
        sums[group] += Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8));
        counts[group]++;
      }
      return;
    }
    long validity = argument.getValidityBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      if (isSet(validity, row)) {
        int group = groupIds[row];
        sums[group] += Double.longBitsToDouble(MemoryUtil.getLong(data + (long) row * 8));
        counts[group]++;
      }
    }
  }

  // hot path
  @Override
  void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount) {
    if (!average) {
      addInput(state[0], groupIds, rowCount);
      return;
    }
    double[] sums = this.sums;
    long[] counts = this.counts;
    FieldVector sumVector = state[0];
    long sumData = sumVector.getDataBuffer().memoryAddress();
    long sumValidity = sumVector.getValidityBuffer().memoryAddress();
    boolean hasNulls = sumVector.getNullCount() > 0;
    long countData = state[1].getDataBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      if (!hasNulls || isSet(sumValidity, row)) {
        int group = groupIds[row];
        sums[group] += Double.longBitsToDouble(MemoryUtil.getLong(sumData + (long) row * 8));
        counts[group] += MemoryUtil.getLong(countData + (long) row * 8);
      }
    }
  }

  @Override
  void writeIntermediate(int from, int count, FieldVector[] targets) {
    ArrowBuf data = targets[0].getDataBuffer();
    ArrowBuf validity = targets[0].getValidityBuffer();
    for (int i = 0; i < count; i++) {
      if (counts[from + i] > 0) {
        data.setDouble((long) i * 8, sums[from + i]);
        BitVectorHelper.setBit(validity, i);
      }
    }
    if (average) {
      ArrowBuf countData = targets[1].getDataBuffer();
      ArrowBuf countValidity = targets[1].getValidityBuffer();
      for (int i = 0; i < count; i++) {
        countData.setLong((long) i * 8, counts[from + i]);
        BitVectorHelper.setBit(countValidity, i);
      }
    }
  }

  @Override
  void writeFinal(int from, int count, FieldVector target) {
    ArrowBuf data = target.getDataBuffer();
    ArrowBuf validity = target.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      long groupCount = counts[from + i];
      if (groupCount > 0) {
        double sum = sums[from + i];
        data.setDouble((long) i * 8, average ? sum / groupCount : sum);
        BitVectorHelper.setBit(validity, i);
      }
    }
  }
}
