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

/** {@code COUNT(*)} and {@code COUNT(column)}: a {@code long} per group. */
final class CountAccumulator extends Accumulator {
  private final String name;
  private long[] counts = new long[0];

  CountAccumulator(String name) {
    this.name = name;
  }

  @Override
  List<Field> intermediateFields() {
    return List.of(Field.notNull(name + "$count", DataType.BIGINT));
  }

  @Override
  void ensureCapacity(int groupCount) {
    if (groupCount > counts.length) {
      counts = Arrays.copyOf(counts, grownCapacity(counts.length, groupCount));
    }
  }

  // hot path
  @Override
  void addInput(FieldVector argument, int[] groupIds, int rowCount) {
    long[] counts = this.counts;
    if (argument == null || argument.getNullCount() == 0) {
      for (int row = 0; row < rowCount; row++) {
        counts[groupIds[row]]++;
      }
      return;
    }
    long validity = argument.getValidityBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      if (isSet(validity, row)) {
        counts[groupIds[row]]++;
      }
    }
  }

  @Override
  void addInput(
      FieldVector argument, int[] groupIds, int rowCount, int[] groupRows, int groupCount) {
    if (argument != null && argument.getNullCount() > 0) {
      addInput(argument, groupIds, rowCount);
      return;
    }
    long[] counts = this.counts;
    for (int group = 0; group < groupCount; group++) {
      counts[group] += groupRows[group];
    }
  }

  // hot path
  @Override
  void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount) {
    FieldVector vector = state[0];
    long[] counts = this.counts;
    long data = vector.getDataBuffer().memoryAddress();
    boolean hasNulls = vector.getNullCount() > 0;
    long validity = vector.getValidityBuffer().memoryAddress();
    for (int row = 0; row < rowCount; row++) {
      if (!hasNulls || isSet(validity, row)) {
        counts[groupIds[row]] += MemoryUtil.getLong(data + (long) row * 8);
      }
    }
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
      data.setLong((long) i * 8, counts[from + i]);
      BitVectorHelper.setBit(validity, i);
    }
  }
}
