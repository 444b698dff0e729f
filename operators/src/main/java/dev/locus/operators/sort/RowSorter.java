package dev.locus.operators.sort;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.Schema;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.longs.LongComparator;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sorts the rows of several batches into an array of {@link Batches#rowReference}s.
 *
 * <p>The first key is turned into a {@code long} prefix per non-null row (see {@link KeyColumn})
 * and the (prefix, reference) pairs are radix-sorted; rows whose prefixes tie are then sorted by
 * the full comparator, from the second key when the prefix is exact, from the first otherwise. Rows
 * whose first key is NULL are sorted by the remaining keys and placed before or after the rest. A
 * single fixed-width key therefore never calls the comparator. The sort is not stable.
 */
public final class RowSorter {
  /** Most rows one sort can hold: Java arrays are indexed by int. */
  public static final int MAX_ROWS = Integer.MAX_VALUE - 16;

  private RowSorter() {}

  /** The references of all rows of {@code batches}, in the order of {@code keys}. */
  public static long[] sort(List<VectorSchemaRoot> batches, List<SortKey> keys, Schema schema) {
    requireNonNull(batches, "batches is null");
    long total = 0;
    for (VectorSchemaRoot batch : batches) {
      total += batch.getRowCount();
    }
    if (total > MAX_ROWS) {
      throw new LocusException(
          ErrorCode.OUT_OF_MEMORY,
          "Sort input has " + total + " rows; one sort holds at most " + MAX_ROWS);
    }
    int count = (int) total;
    long[] references = new long[count];
    if (keys.isEmpty()) {
      RowComparator.checkKeys(keys, schema, "Sort");
      int next = 0;
      for (int batch = 0; batch < batches.size(); batch++) {
        for (int row = 0; row < batches.get(batch).getRowCount(); row++) {
          references[next++] = Batches.rowReference(batch, row);
        }
      }
      return references;
    }
    RowComparator comparator = RowComparator.create(keys, schema, batches);
    KeyColumn first = comparator.column(0);
    boolean ascending = comparator.ascending(0);
    long[] prefixes = new long[count];
    // Non-null rows fill the array from the front, NULL rows from the back.
    int nonNull = 0;
    int nullStart = count;
    // hot path
    for (int batch = 0; batch < batches.size(); batch++) {
      int rows = batches.get(batch).getRowCount();
      long batchBits = (long) batch << 32;
      for (int row = 0; row < rows; row++) {
        if (first.isNull(batch, row)) {
          references[--nullStart] = batchBits | row;
        } else {
          long prefix = first.prefix(batch, row);
          prefixes[nonNull] = ascending ? prefix : ~prefix;
          references[nonNull++] = batchBits | row;
        }
      }
    }
    LongArrays.radixSort(prefixes, references, 0, nonNull);
    int tieKey = first.prefixExact() ? 1 : 0;
    if (tieKey < comparator.keyCount()) {
      sortTies(prefixes, references, nonNull, comparator.from(tieKey));
    }
    if (comparator.keyCount() > 1 && count - nullStart > 1) {
      LongArrays.quickSort(references, nullStart, count, comparator.from(1));
    }
    if (comparator.nullsFirst(0) && nullStart < count && nonNull > 0) {
      long[] nulls = Arrays.copyOfRange(references, nullStart, count);
      System.arraycopy(references, 0, references, nulls.length, nonNull);
      System.arraycopy(nulls, 0, references, 0, nulls.length);
    }
    return references;
  }

  /** Sorts each run of equal prefixes with the comparator. */
  private static void sortTies(
      long[] prefixes, long[] references, int count, LongComparator comparator) {
    int start = 0;
    while (start < count) {
      long prefix = prefixes[start];
      int end = start + 1;
      while (end < count && prefixes[end] == prefix) {
        end++;
      }
      if (end - start > 1) {
        LongArrays.quickSort(references, start, end, comparator);
      }
      start = end;
    }
  }
}
