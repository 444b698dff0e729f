package dev.locus.operators.exchange;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.operators.hash.KeyHashing;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Splits batches by the hash of key columns into {@code partitionCount} partitions. Uses {@link
 * KeyHashing}, so rows with equal keys go to the same partition whichever input they come from
 * (both sides of a join, PARTIAL aggregation outputs). Without keys every row goes to partition 0.
 * Not thread-safe (it reuses scratch arrays); use one per thread.
 */
public final class HashPartitioner {
  private final List<Integer> keys;
  private final int partitionCount;
  private long[] hashes = new long[0];
  private int[] partitions = new int[0];

  public HashPartitioner(List<Integer> keys, int partitionCount) {
    this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
    if (partitionCount < 1) {
      throw new IllegalArgumentException(
          "Partition count must be at least 1; found " + partitionCount);
    }
    this.partitionCount = partitionCount;
  }

  public int partitionCount() {
    return partitionCount;
  }

  /**
   * One new batch per partition with its rows of {@code batch} in input order, null where a
   * partition gets no rows. The caller keeps ownership of {@code batch} and owns the results.
   */
  public VectorSchemaRoot[] partition(VectorSchemaRoot batch, BufferAllocator allocator) {
    requireNonNull(batch, "batch is null");
    requireNonNull(allocator, "allocator is null");
    int rowCount = batch.getRowCount();
    VectorSchemaRoot[] result = new VectorSchemaRoot[partitionCount];
    if (rowCount == 0) {
      return result;
    }
    if (hashes.length < rowCount) {
      hashes = new long[rowCount];
      partitions = new int[rowCount];
    }
    KeyHashing.hash(KeyHashing.keyVectors(batch, keys), rowCount, hashes);
    int[] counts = new int[partitionCount + 1];
    // hot path
    for (int row = 0; row < rowCount; row++) {
      int partition = KeyHashing.partition(hashes[row], partitionCount);
      partitions[row] = partition;
      counts[partition + 1]++;
    }
    // Counting sort: the rows of partition p are rows[starts[p], starts[p + 1]).
    int[] starts = counts;
    for (int partition = 0; partition < partitionCount; partition++) {
      starts[partition + 1] += starts[partition];
    }
    int[] rows = new int[rowCount];
    int[] next = Arrays.copyOf(starts, partitionCount);
    for (int row = 0; row < rowCount; row++) {
      rows[next[partitions[row]]++] = row;
    }
    try {
      for (int partition = 0; partition < partitionCount; partition++) {
        int count = starts[partition + 1] - starts[partition];
        if (count == 0) {
          continue;
        }
        int[] selected =
            starts[partition] == 0
                ? rows
                : Arrays.copyOfRange(rows, starts[partition], starts[partition + 1]);
        result[partition] = Batches.gather(batch, selected, count, allocator);
      }
      return result;
    } catch (RuntimeException e) {
      for (VectorSchemaRoot partitionBatch : result) {
        if (partitionBatch != null) {
          partitionBatch.close();
        }
      }
      throw e;
    }
  }
}
