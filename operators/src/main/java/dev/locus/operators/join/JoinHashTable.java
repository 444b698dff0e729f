package dev.locus.operators.join;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.hash.KeyEquality;
import dev.locus.operators.hash.KeyHashing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.VectorBatchAppender;

/**
 * The build (right) side of a hash join: all build rows in one Arrow batch plus an index from key
 * to rows.
 *
 * <p>Layout: an open-addressing table (linear probing, at most half full) with one slot per
 * distinct key, holding the key's full 64-bit hash and its first build row; {@code next[row]} links
 * the other rows of the same key. A probe compares the hash, then the keys once per distinct key,
 * then walks that key's rows without further comparisons (skewed keys cost only their output). Rows
 * with a NULL key are not indexed (they never match) but stay in the batch for RIGHT and FULL
 * joins. Without keys every row is in one list: each probe row meets every build row (a cross join
 * filtered by the residual).
 *
 * <p>Thread safety: after {@link #build} the table is read-only and shared by probe operators on
 * several threads; only the per-row "matched" flags of RIGHT and FULL joins change, in an atomic
 * bitset.
 */
public final class JoinHashTable implements AutoCloseable {
  private final Schema buildSchema;
  private final List<Integer> keys;
  private final VectorSchemaRoot rows;
  private final FieldVector[] keyVectors;
  private final int rowCount;
  private final int[] slots;
  private final long[] slotHashes;
  private final int mask;
  private final int[] next;
  private final int crossHead;
  private final AtomicLongArray matched;
  private final AtomicBoolean closed = new AtomicBoolean();

  private JoinHashTable(Schema buildSchema, List<Integer> keys, VectorSchemaRoot rows) {
    this.buildSchema = buildSchema;
    this.keys = keys;
    this.rows = rows;
    this.rowCount = rows.getRowCount();
    this.keyVectors = KeyHashing.keyVectors(rows, keys);
    this.next = new int[rowCount];
    Arrays.fill(next, -1);
    this.matched = new AtomicLongArray((rowCount + 63) >>> 6);
    if (keys.isEmpty()) {
      for (int row = 0; row + 1 < rowCount; row++) {
        next[row] = row + 1;
      }
      this.crossHead = rowCount > 0 ? 0 : -1;
      this.slots = new int[0];
      this.slotHashes = new long[0];
      this.mask = 0;
      return;
    }
    this.crossHead = -1;
    int size = tableSize(rowCount);
    this.slots = new int[size];
    Arrays.fill(slots, -1);
    this.slotHashes = new long[size];
    this.mask = size - 1;
    index();
  }

  /**
   * Builds the table from the build side's batches, taking ownership of them (they are concatenated
   * into one batch, or kept as is when there is one).
   *
   * @param keys the key columns of {@code buildSchema}; empty for a cross join
   */
  public static JoinHashTable build(
      List<VectorSchemaRoot> buildBatches,
      Schema buildSchema,
      List<Integer> keys,
      BufferAllocator allocator) {
    requireNonNull(buildBatches, "buildBatches is null");
    List<VectorSchemaRoot> batches = new ArrayList<>(buildBatches);
    VectorSchemaRoot rows = null;
    try {
      requireNonNull(buildSchema, "buildSchema is null");
      requireNonNull(allocator, "allocator is null");
      List<Integer> keyList = List.copyOf(requireNonNull(keys, "keys is null"));
      for (int key : keyList) {
        if (key < 0 || key >= buildSchema.size()) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Join key column "
                  + key
                  + " is out of range; the build side has "
                  + buildSchema.size()
                  + " columns: "
                  + buildSchema.names());
        }
      }
      for (VectorSchemaRoot batch : batches) {
        requireNonNull(batch, "build batch is null");
        if (batch.getFieldVectors().size() != buildSchema.size()) {
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR,
              "Build batch "
                  + batch.getSchema()
                  + " does not match the build schema "
                  + buildSchema);
        }
      }
      rows = concatenate(batches, buildSchema, allocator);
      batches.clear();
      return new JoinHashTable(buildSchema, keyList, rows);
    } catch (RuntimeException e) {
      if (rows != null) {
        rows.close();
      }
      Batches.closeAll(batches);
      throw e;
    }
  }

  /** One batch with all rows; closes the non-empty batches it copies and every empty one. */
  private static VectorSchemaRoot concatenate(
      List<VectorSchemaRoot> batches, Schema schema, BufferAllocator allocator) {
    List<VectorSchemaRoot> nonEmpty = new ArrayList<>();
    for (VectorSchemaRoot batch : batches) {
      if (batch.getRowCount() > 0) {
        nonEmpty.add(batch);
      } else {
        batch.close();
      }
    }
    if (nonEmpty.size() == 1) {
      return nonEmpty.get(0);
    }
    VectorSchemaRoot target = Batches.allocate(schema, allocator, 1);
    if (nonEmpty.isEmpty()) {
      target.setRowCount(0);
      return target;
    }
    try {
      long total = 0;
      for (VectorSchemaRoot batch : nonEmpty) {
        total += batch.getRowCount();
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new LocusException(
            ErrorCode.OUT_OF_MEMORY,
            "Join build side has " + total + " rows; one hash table holds at most 2^31 rows");
      }
      List<FieldVector> targets = target.getFieldVectors();
      for (int column = 0; column < targets.size(); column++) {
        FieldVector[] sources = new FieldVector[nonEmpty.size()];
        for (int i = 0; i < sources.length; i++) {
          sources[i] = nonEmpty.get(i).getVector(column);
        }
        VectorBatchAppender.batchAppend(targets.get(column), sources);
      }
      target.setRowCount((int) total);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    } finally {
      Batches.closeAll(nonEmpty);
    }
    return target;
  }

  private static int tableSize(int rowCount) {
    int size = Integer.highestOneBit(Math.max(16, rowCount * 2) - 1) << 1;
    if (size <= 0) {
      throw new LocusException(
          ErrorCode.OUT_OF_MEMORY, "Join build side has too many rows for one table: " + rowCount);
    }
    return size;
  }

  // hot path
  private void index() {
    long[] hashes = new long[rowCount];
    boolean[] nullKey = new boolean[rowCount];
    KeyHashing.hash(keyVectors, rowCount, hashes);
    KeyHashing.markNullKeys(keyVectors, rowCount, nullKey);
    KeyEquality equality = KeyEquality.of(keyVectors, keyVectors);
    for (int row = 0; row < rowCount; row++) {
      if (nullKey[row]) {
        continue;
      }
      long hash = hashes[row];
      int slot = (int) hash & mask;
      while (true) {
        int head = slots[slot];
        if (head < 0) {
          slots[slot] = row;
          slotHashes[slot] = hash;
          break;
        }
        if (slotHashes[slot] == hash && equality.equal(row, head)) {
          next[row] = next[head];
          next[head] = row;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /** The build side's schema. */
  public Schema buildSchema() {
    return buildSchema;
  }

  /** The key columns of the build side. */
  public List<Integer> keys() {
    return keys;
  }

  /** The key types, in key order. */
  public List<DataType> keyTypes() {
    return keys.stream().map(buildSchema::type).toList();
  }

  /** How many build rows there are, NULL keys included. */
  public int rowCount() {
    return rowCount;
  }

  /** All build rows, read-only. */
  VectorSchemaRoot rows() {
    return rows;
  }

  /** The build key vectors, read-only. */
  FieldVector[] keyVectors() {
    return keyVectors;
  }

  /**
   * The first build row whose key equals the probe row's key (no key may be NULL), or -1; further
   * rows of that key follow through {@link #next}. Without keys: the first build row.
   *
   * @param equality probe keys against {@link #keyVectors()}
   */
  // hot path
  int find(long hash, KeyEquality equality, int probeRow) {
    if (keys.isEmpty()) {
      return crossHead;
    }
    int slot = (int) hash & mask;
    while (true) {
      int head = slots[slot];
      if (head < 0) {
        return -1;
      }
      if (slotHashes[slot] == hash && equality.equal(probeRow, head)) {
        return head;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The next build row with the same key, or -1. */
  int next(int row) {
    return next[row];
  }

  /** Marks a build row as matched (RIGHT and FULL joins); safe from any thread. */
  void markMatched(int row) {
    int word = row >>> 6;
    long bit = 1L << row;
    long current = matched.get(word);
    while ((current & bit) == 0) {
      if (matched.compareAndSet(word, current, current | bit)) {
        return;
      }
      current = matched.get(word);
    }
  }

  boolean isMatched(int row) {
    return (matched.get(row >>> 6) & (1L << row)) != 0;
  }

  /**
   * Emits the build rows no probe matched (NULL-key rows included) as NULL left columns followed by
   * the build columns: the tail of a RIGHT or FULL join. Call once, after every probe operator of
   * the table has finished. Batches have at most {@link Batches#DEFAULT_BATCH_SIZE} rows; the left
   * columns are nullable, the build columns keep the build schema.
   */
  public void emitUnmatchedBuildRows(
      Schema leftSchema, Consumer<VectorSchemaRoot> out, BufferAllocator allocator) {
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(out, "out is null");
    requireNonNull(allocator, "allocator is null");
    checkOpen();
    org.apache.arrow.vector.types.pojo.Schema outputSchema =
        leftSchema.asNullable().concat(buildSchema).toArrow();
    int size = Math.max(1, Math.min(Batches.DEFAULT_BATCH_SIZE, rowCount));
    int[] leftRows = new int[size];
    Arrays.fill(leftRows, -1);
    int[] buildRows = new int[size];
    try (VectorSchemaRoot noLeft = VectorSchemaRoot.create(leftSchema.toArrow(), allocator)) {
      int count = 0;
      for (int row = 0; row < rowCount; row++) {
        if (!isMatched(row)) {
          buildRows[count++] = row;
          if (count == size) {
            out.accept(
                JoinOutput.assemble(
                    noLeft, leftRows, rows, buildRows, count, outputSchema, allocator));
            count = 0;
          }
        }
      }
      if (count > 0) {
        out.accept(
            JoinOutput.assemble(noLeft, leftRows, rows, buildRows, count, outputSchema, allocator));
      }
    }
  }

  /** Fails when the table is closed: probing a closed table would read released memory. */
  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("JoinHashTable is closed");
    }
  }

  /** Releases the build rows. Idempotent; no probe may run afterwards. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      rows.close();
    }
  }
}
