package dev.locus.jmh;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Generated benchmark columns with fixed seeds, held as Arrow batches in an {@link
 * ArrowMemorySource}.
 *
 * <p>Operators own the batches pushed into them, so every invocation needs batches of its own. The
 * benchmarks take them in {@code @Setup(Level.Invocation)} as zero-copy views of the stored batches
 * ({@link #views}): a few small objects per column and batch and an all-valid validity buffer (an
 * eighth of a byte per row), so neither copying nor generating rows is measured. The views share
 * the stored memory: operators treat their input as read-only, as Locus operators do.
 */
final class BenchmarkData {
  /** The seed of every generated column. */
  static final long SEED = 42;

  private BenchmarkData() {}

  /** {@code rows} keys in {@code [0, distinct)}. */
  static long[] keys(int rows, long distinct, Skew skew, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] keys = new long[rows];
    double logDistinct = Math.log(distinct + 1.0);
    for (int i = 0; i < rows; i++) {
      if (skew == Skew.UNIFORM) {
        keys[i] = random.nextLong(distinct);
      } else {
        // Inverse of the continuous CDF log(k + 1) / log(distinct + 1).
        long key = (long) Math.exp(random.nextDouble() * logDistinct) - 1;
        keys[i] = Math.min(Math.max(key, 0), distinct - 1);
      }
    }
    return keys;
  }

  /** {@code rows} unscaled decimals in {@code [0, bound)}. */
  static long[] unscaled(int rows, long bound, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] values = new long[rows];
    for (int i = 0; i < rows; i++) {
      values[i] = random.nextLong(bound);
    }
    return values;
  }

  /** A column of values: {@code long[]} for BIGINT and DECIMAL (unscaled), {@code String[]}. */
  static ArrowMemorySource source(
      String name, Schema schema, List<Object> columns, int rows, BufferAllocator allocator) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      for (int start = 0; start < rows; start += Batches.DEFAULT_BATCH_SIZE) {
        int count = Math.min(Batches.DEFAULT_BATCH_SIZE, rows - start);
        VectorSchemaRoot batch = Batches.allocate(schema, allocator, count);
        batches.add(batch);
        for (int column = 0; column < schema.size(); column++) {
          fill(batch.getVector(column), schema.type(column), columns.get(column), start, count);
        }
        batch.setRowCount(count);
      }
    } catch (RuntimeException e) {
      Batches.closeAll(batches);
      throw e;
    }
    return new ArrowMemorySource(name, schema, batches);
  }

  private static void fill(FieldVector vector, DataType type, Object values, int start, int count) {
    if (type.kind() == DataType.Kind.BIGINT) {
      long[] longs = (long[]) values;
      BigIntVector target = (BigIntVector) vector;
      for (int i = 0; i < count; i++) {
        target.set(i, longs[start + i]);
      }
    } else if (type.kind() == DataType.Kind.DECIMAL) {
      long[] longs = (long[]) values;
      DecimalVector target = (DecimalVector) vector;
      for (int i = 0; i < count; i++) {
        Decimals.setUnscaled(target, i, longs[start + i]);
      }
    } else if (type.kind() == DataType.Kind.VARCHAR) {
      String[] strings = (String[]) values;
      VarCharVector target = (VarCharVector) vector;
      for (int i = 0; i < count; i++) {
        target.setSafe(i, strings[start + i].getBytes(StandardCharsets.UTF_8));
      }
    } else {
      throw new IllegalArgumentException("No generated column of type " + type);
    }
    vector.setValueCount(count);
  }

  /** Zero-copy views of all stored batches, owned by the caller (see the class comment). */
  static List<VectorSchemaRoot> views(ArrowMemorySource source, BufferAllocator allocator) {
    List<Integer> columns = IntStream.range(0, source.schema().size()).boxed().toList();
    List<VectorSchemaRoot> views = new ArrayList<>();
    try (BatchReader reader = source.splits(1).get(0).open(allocator, columns, Integer.MAX_VALUE)) {
      VectorSchemaRoot batch;
      while ((batch = reader.next()) != null) {
        views.add(batch);
      }
    }
    return views;
  }

  /** Total rows of some batches. */
  static long rowCount(List<VectorSchemaRoot> batches) {
    long rows = 0;
    for (VectorSchemaRoot batch : batches) {
      rows += batch.getRowCount();
    }
    return rows;
  }
}
