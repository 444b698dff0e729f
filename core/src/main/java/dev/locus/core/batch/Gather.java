package dev.locus.core.batch;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;

/**
 * The copying loops behind {@link Batches#gather} and {@link Batches#slice}. They read and write
 * the Arrow buffers by address ({@link UnsafeMemory}) after checking once per call that every row
 * read lies inside the source vector and that the target is allocated for every row written.
 *
 * <p>A {@link Selection} is either a list of rows or a list of runs of consecutive rows. Runs are
 * copied with one bulk memory copy per run and column, which is what a filter that keeps most rows
 * or a slice produce; scattered rows are copied one value at a time. Validity bitmaps of sources
 * without NULLs are not read at all: the target's bits are set with a fill.
 */
final class Gather {
  /** Runs pay for themselves when they are at least this long on average. */
  private static final int MIN_AVERAGE_RUN = 4;

  private Gather() {}

  /** Rows to copy, in target order: rows, and where worth it, the same rows as runs. */
  static final class Selection {
    /** Source rows, or null when the selection is only runs; negative rows make NULLs. */
    final int[] rows;

    final int count;
    final int maxRow;
    final boolean hasNullRows;

    /**
     * Runs, or null: run r copies runLengths[r] source rows from runStarts[r] (-1: that many NULL
     * rows) to the target rows after those of the earlier runs.
     */
    final int[] runStarts;

    final int[] runLengths;
    final int runCount;

    private Selection(
        int[] rows,
        int count,
        int maxRow,
        boolean hasNullRows,
        int[] runStarts,
        int[] runLengths,
        int runCount) {
      this.rows = rows;
      this.count = count;
      this.maxRow = maxRow;
      this.hasNullRows = hasNullRows;
      this.runStarts = runStarts;
      this.runLengths = runLengths;
      this.runCount = runCount;
    }

    boolean hasRuns() {
      return runStarts != null;
    }

    /** The rows {@code [offset, offset + count)}: one run. */
    static Selection range(int offset, int count) {
      if (count == 0) {
        return new Selection(null, 0, -1, false, new int[0], new int[0], 0);
      }
      return new Selection(
          null, count, offset + count - 1, false, new int[] {offset}, new int[] {count}, 1);
    }

    /** The rows {@code rows[0..count)}; negative rows make NULLs. */
    // hot path
    static Selection of(int[] rows, int count) {
      if (count < 0 || count > rows.length) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Gather count must be between 0 and the "
                + rows.length
                + " rows given; found "
                + count);
      }
      if (count == 0) {
        return new Selection(rows, 0, -1, false, null, null, 0);
      }
      // Scattered rows show in the first ones already: skip the run search (its branch would be
      // mispredicted for every row). A cheap, branch-free look at up to 256 rows.
      int sample = Math.min(count, 256);
      int sampleBreaks = 0;
      for (int i = 1; i < sample; i++) {
        sampleBreaks += rows[i] - rows[i - 1] == 1 ? 0 : 1;
      }
      if ((sampleBreaks + 1) * MIN_AVERAGE_RUN > sample) {
        return scattered(rows, count);
      }
      // One pass collecting runs, abandoned once they are too many to pay for themselves.
      int maxRuns = Math.max(count / MIN_AVERAGE_RUN, 1);
      int[] starts = new int[maxRuns];
      int[] lengths = new int[maxRuns];
      int run = 0;
      int runFrom = 0;
      starts[0] = rows[0];
      for (int i = 1; i < count; i++) {
        if (rows[i] - rows[i - 1] != 1) {
          lengths[run] = i - runFrom;
          if (++run == maxRuns) {
            return scattered(rows, count);
          }
          starts[run] = rows[i];
          runFrom = i;
        }
      }
      lengths[run] = count - runFrom;
      int runCount = run + 1;
      // A run from a non-negative row holds only non-negative rows; NULL rows start runs.
      long maxRow = -1;
      for (int r = 0; r < runCount; r++) {
        if (starts[r] < 0) {
          return withNullRows(rows, count, scattered(rows, count).maxRow);
        }
        maxRow = Math.max(maxRow, starts[r] + (long) lengths[r] - 1);
      }
      return new Selection(
          rows, count, (int) Math.min(maxRow, Integer.MAX_VALUE), false, starts, lengths, runCount);
    }

    /** Rows copied one at a time: only their largest and whether any is negative. */
    // hot path
    private static Selection scattered(int[] rows, int count) {
      // Four independent maxima: one would chain every row through a compare-and-move.
      int max0 = rows[0];
      int max1 = max0;
      int max2 = max0;
      int max3 = max0;
      int signs = 0;
      int i = 0;
      for (; i + 4 <= count; i += 4) {
        int a = rows[i];
        int b = rows[i + 1];
        int c = rows[i + 2];
        int d = rows[i + 3];
        max0 = Math.max(max0, a);
        max1 = Math.max(max1, b);
        max2 = Math.max(max2, c);
        max3 = Math.max(max3, d);
        signs |= a | b | c | d;
      }
      for (; i < count; i++) {
        max0 = Math.max(max0, rows[i]);
        signs |= rows[i];
      }
      int maxRow = Math.max(Math.max(max0, max1), Math.max(max2, max3));
      return new Selection(rows, count, maxRow, signs < 0, null, null, 0);
    }

    /** Like {@link #of}, when some rows are negative: those make runs of NULLs. */
    private static Selection withNullRows(int[] rows, int count, int maxRow) {
      int runCount = 0;
      int previous = Integer.MIN_VALUE;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (!continues(previous, row, i)) {
          runCount++;
        }
        previous = row;
      }
      if ((long) runCount * MIN_AVERAGE_RUN > count) {
        return new Selection(rows, count, maxRow, true, null, null, 0);
      }
      int[] starts = new int[runCount];
      int[] lengths = new int[runCount];
      int run = -1;
      previous = Integer.MIN_VALUE;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (continues(previous, row, i)) {
          lengths[run]++;
        } else {
          run++;
          starts[run] = row < 0 ? -1 : row;
          lengths[run] = 1;
        }
        previous = row;
      }
      return new Selection(rows, count, maxRow, true, starts, lengths, runCount);
    }

    /** Whether {@code row} at {@code index} extends the run of {@code previous}. */
    private static boolean continues(int previous, int row, int index) {
      // A NULL row continues only a run of NULL rows.
      return row < 0 ? index > 0 && previous < 0 : previous >= 0 && row == previous + 1;
    }
  }

  /**
   * Copies the selected rows of {@code from} into {@code to}, a freshly created vector of the same
   * type, and sets its value count.
   */
  static void gather(FieldVector from, Selection selection, FieldVector to) {
    if (selection.maxRow >= from.getValueCount()) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Gather row must be less than the "
              + from.getValueCount()
              + " rows of column '"
              + from.getName()
              + "'; found "
              + selection.maxRow);
    }
    int count = selection.count;
    int capacity = Math.max(count, 1);
    boolean sameType = from.getClass() == to.getClass();
    if (sameType && from instanceof VarCharVector strings) {
      VarCharVector target = (VarCharVector) to;
      long bytes =
          selection.hasRuns() ? runBytes(strings, selection) : rowBytes(strings, selection);
      target.allocateNew(Math.max(bytes, 1), capacity);
      if (selection.hasRuns()) {
        copyStringRuns(strings, selection, target);
      } else {
        copyStringRows(strings, selection, target);
      }
      copyValidity(from, selection, to);
      target.setLastSet(count - 1);
      target.setValueCount(count);
      return;
    }
    if (sameType && from instanceof BitVector) {
      ((BitVector) to).allocateNew(capacity);
      long source = UnsafeMemory.address(from.getDataBuffer());
      long target = UnsafeMemory.address(to.getDataBuffer());
      if (selection.hasRuns()) {
        copyBitRuns(source, selection, target);
      } else {
        gatherBits(source, selection.rows, count, target);
      }
      copyValidity(from, selection, to);
      to.setValueCount(count);
      return;
    }
    int width = sameType ? fixedWidth(from) : 0;
    if (width > 0) {
      gatherFixed(from, selection, to, width);
      return;
    }
    // Any other vector: Arrow's own per-value copy.
    to.setInitialCapacity(capacity);
    to.allocateNew();
    if (selection.rows == null) {
      int row = selection.runStarts.length == 0 ? 0 : selection.runStarts[0];
      for (int i = 0; i < count; i++) {
        to.copyFromSafe(row + i, i, from);
      }
    } else {
      for (int i = 0; i < count; i++) {
        int row = selection.rows[i];
        if (row >= 0) {
          to.copyFromSafe(row, i, from);
        } else {
          to.setNull(i);
        }
      }
    }
    to.setValueCount(count);
  }

  /**
   * Copies fixed-width values into buffers allocated without the zeroing that {@code allocateNew}
   * does (every byte up to the row count is written here: NULL rows as zeros), then hands them to
   * the vector.
   */
  private static void gatherFixed(
      FieldVector from, Selection selection, FieldVector to, int width) {
    int count = selection.count;
    BufferAllocator allocator = to.getAllocator();
    boolean allValid = !selection.hasNullRows && from.getNullCount() == 0;
    try (ArrowBuf data = allocator.buffer((long) Math.max(count, 1) * width);
        ArrowBuf validity = allValid ? allocator.getEmpty() : allocator.buffer((count + 7) >>> 3)) {
      long source = UnsafeMemory.address(from.getDataBuffer());
      long target = UnsafeMemory.address(data);
      if (selection.hasRuns()) {
        copyFixedRuns(source, selection, target, width);
      } else if (width == 8) {
        gatherLongs(source, selection, target);
      } else if (width == 4) {
        gatherInts(source, selection, target);
      } else {
        gatherSixteens(source, selection, target);
      }
      int nullCount = 0;
      if (!allValid) {
        validity.setZero(0, validity.capacity());
        long sourceValidity = UnsafeMemory.address(from.getValidityBuffer());
        if (selection.hasRuns()) {
          copyBitRuns(sourceValidity, selection, UnsafeMemory.address(validity));
        } else {
          gatherBits(sourceValidity, selection.rows, count, UnsafeMemory.address(validity));
        }
        nullCount = BitVectorHelper.getNullCount(validity, count);
      }
      // With no NULLs (or only NULLs) Arrow makes the validity buffer itself.
      to.loadFieldBuffers(new ArrowFieldNode(count, nullCount), List.of(validity, data));
    }
  }

  /** Bytes per value of the fixed-width vectors Locus uses, or 0. */
  static int fixedWidth(FieldVector vector) {
    if (vector instanceof BigIntVector
        || vector instanceof Float8Vector
        || vector instanceof TimeStampMicroVector) {
      return 8;
    }
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      return 4;
    }
    if (vector instanceof DecimalVector) {
      return 16;
    }
    return 0;
  }

  // hot path
  private static void copyFixedRuns(long source, Selection selection, long target, int width) {
    int[] starts = selection.runStarts;
    int[] lengths = selection.runLengths;
    long at = target;
    for (int r = 0; r < selection.runCount; r++) {
      int start = starts[r];
      long bytes = (long) lengths[r] * width;
      if (start >= 0) {
        UnsafeMemory.copy(source + (long) start * width, at, bytes);
      } else {
        UnsafeMemory.fill(at, bytes, (byte) 0);
      }
      at += bytes;
    }
  }

  // hot path
  private static void gatherLongs(long source, Selection selection, long target) {
    int[] rows = selection.rows;
    int count = selection.count;
    if (selection.hasNullRows) {
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        UnsafeMemory.putLong(
            target + ((long) i << 3),
            row >= 0 ? UnsafeMemory.getLong(source + ((long) row << 3)) : 0L);
      }
    } else {
      for (int i = 0; i < count; i++) {
        UnsafeMemory.putLong(
            target + ((long) i << 3), UnsafeMemory.getLong(source + ((long) rows[i] << 3)));
      }
    }
  }

  // hot path
  private static void gatherInts(long source, Selection selection, long target) {
    int[] rows = selection.rows;
    int count = selection.count;
    if (selection.hasNullRows) {
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        UnsafeMemory.putInt(
            target + ((long) i << 2),
            row >= 0 ? UnsafeMemory.getInt(source + ((long) row << 2)) : 0);
      }
    } else {
      for (int i = 0; i < count; i++) {
        UnsafeMemory.putInt(
            target + ((long) i << 2), UnsafeMemory.getInt(source + ((long) rows[i] << 2)));
      }
    }
  }

  // hot path
  private static void gatherSixteens(long source, Selection selection, long target) {
    int[] rows = selection.rows;
    int count = selection.count;
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      long to = target + ((long) i << 4);
      if (row >= 0) {
        long from = source + ((long) row << 4);
        UnsafeMemory.putLong(to, UnsafeMemory.getLong(from));
        UnsafeMemory.putLong(to + 8, UnsafeMemory.getLong(from + 8));
      } else {
        UnsafeMemory.putLong(to, 0L);
        UnsafeMemory.putLong(to + 8, 0L);
      }
    }
  }

  /** Sets the target's validity: a fill when no selected row can be NULL, else bit by bit. */
  private static void copyValidity(FieldVector from, Selection selection, FieldVector to) {
    long target = UnsafeMemory.address(to.getValidityBuffer());
    if (!selection.hasNullRows && from.getNullCount() == 0) {
      UnsafeMemory.setLeadingBits(target, selection.count);
      return;
    }
    long source = UnsafeMemory.address(from.getValidityBuffer());
    if (selection.hasRuns()) {
      copyBitRuns(source, selection, target);
    } else {
      gatherBits(source, selection.rows, selection.count, target);
    }
  }

  /**
   * Sets bit i of the zeroed bitmap {@code target} to bit {@code rows[i]} of {@code source} (to 0
   * where {@code rows[i]} is negative), building 64 target bits at a time.
   */
  // hot path
  static void gatherBits(long source, int[] rows, int count, long target) {
    int i = 0;
    for (; i + 64 <= count; i += 64) {
      long word = 0;
      for (int k = 0; k < 64; k++) {
        int row = rows[i + k];
        if (row >= 0) {
          word |= (long) UnsafeMemory.getBit(source, row) << k;
        }
      }
      UnsafeMemory.putLong(target + (i >>> 3), word);
    }
    if (i < count) {
      long word = 0;
      for (int k = 0; i + k < count; k++) {
        int row = rows[i + k];
        if (row >= 0) {
          word |= (long) UnsafeMemory.getBit(source, row) << k;
        }
      }
      // Only the bytes that hold rows: the bitmap may end there.
      int bytes = (count - i + 7) >>> 3;
      for (int b = 0; b < bytes; b++) {
        UnsafeMemory.putByte(target + (i >>> 3) + b, (byte) (word >>> (b << 3)));
      }
    }
  }

  /** Copies the bits of each run into the zeroed bitmap {@code target}; NULL runs stay 0. */
  // hot path
  private static void copyBitRuns(long source, Selection selection, long target) {
    int[] starts = selection.runStarts;
    int[] lengths = selection.runLengths;
    int at = 0;
    for (int r = 0; r < selection.runCount; r++) {
      int start = starts[r];
      int length = lengths[r];
      if (start >= 0) {
        for (int k = 0; k < length; k++) {
          if (UnsafeMemory.getBit(source, start + k) != 0) {
            UnsafeMemory.setBit(target, at + k);
          }
        }
      }
      at += length;
    }
  }

  private static long runBytes(VarCharVector strings, Selection selection) {
    long offsets = UnsafeMemory.address(strings.getOffsetBuffer());
    long bytes = 0;
    for (int r = 0; r < selection.runCount; r++) {
      int start = selection.runStarts[r];
      if (start >= 0) {
        bytes +=
            UnsafeMemory.getInt(offsets + ((long) (start + selection.runLengths[r]) << 2))
                - UnsafeMemory.getInt(offsets + ((long) start << 2));
      }
    }
    return bytes;
  }

  // hot path
  private static long rowBytes(VarCharVector strings, Selection selection) {
    long offsets = UnsafeMemory.address(strings.getOffsetBuffer());
    int[] rows = selection.rows;
    long bytes = 0;
    for (int i = 0; i < selection.count; i++) {
      int row = rows[i];
      if (row >= 0) {
        long at = offsets + ((long) row << 2);
        bytes += UnsafeMemory.getInt(at + 4) - UnsafeMemory.getInt(at);
      }
    }
    return bytes;
  }

  /** Copies each run's bytes at once and shifts its offsets (NULL slots keep their bytes). */
  // hot path
  private static void copyStringRuns(VarCharVector from, Selection selection, VarCharVector to) {
    long sourceOffsets = UnsafeMemory.address(from.getOffsetBuffer());
    long sourceData = UnsafeMemory.address(from.getDataBuffer());
    long targetOffsets = UnsafeMemory.address(to.getOffsetBuffer());
    long targetData = UnsafeMemory.address(to.getDataBuffer());
    int offset = 0;
    int at = 0;
    UnsafeMemory.putInt(targetOffsets, 0);
    for (int r = 0; r < selection.runCount; r++) {
      int start = selection.runStarts[r];
      int length = selection.runLengths[r];
      if (start < 0) {
        for (int k = 1; k <= length; k++) {
          UnsafeMemory.putInt(targetOffsets + ((long) (at + k) << 2), offset);
        }
      } else {
        long runOffsets = sourceOffsets + ((long) start << 2);
        int first = UnsafeMemory.getInt(runOffsets);
        int shift = offset - first;
        for (int k = 1; k <= length; k++) {
          UnsafeMemory.putInt(
              targetOffsets + ((long) (at + k) << 2),
              UnsafeMemory.getInt(runOffsets + ((long) k << 2)) + shift);
        }
        int bytes = UnsafeMemory.getInt(runOffsets + ((long) length << 2)) - first;
        UnsafeMemory.copy(sourceData + first, targetData + offset, bytes);
        offset += bytes;
      }
      at += length;
    }
  }

  // hot path
  private static void copyStringRows(VarCharVector from, Selection selection, VarCharVector to) {
    long sourceOffsets = UnsafeMemory.address(from.getOffsetBuffer());
    long sourceData = UnsafeMemory.address(from.getDataBuffer());
    long targetOffsets = UnsafeMemory.address(to.getOffsetBuffer());
    long targetData = UnsafeMemory.address(to.getDataBuffer());
    int[] rows = selection.rows;
    int offset = 0;
    UnsafeMemory.putInt(targetOffsets, 0);
    for (int i = 0; i < selection.count; i++) {
      int row = rows[i];
      if (row >= 0) {
        long at = sourceOffsets + ((long) row << 2);
        int start = UnsafeMemory.getInt(at);
        int length = UnsafeMemory.getInt(at + 4) - start;
        if (length <= 8) {
          for (int b = 0; b < length; b++) {
            UnsafeMemory.putByte(
                targetData + offset + b, UnsafeMemory.getByte(sourceData + start + b));
          }
        } else {
          UnsafeMemory.copy(sourceData + start, targetData + offset, length);
        }
        offset += length;
      }
      UnsafeMemory.putInt(targetOffsets + ((long) (i + 1) << 2), offset);
    }
  }

  // -- several sources --------------------------------------------------------------------------

  /**
   * Checks the references {@code batchAndRow[from..from+count)} against the sources once, so that
   * the copies may read without checks.
   */
  static void checkReferences(
      List<? extends FieldVector> sources, long[] batchAndRow, int from, int count) {
    if (from < 0 || count < 0 || (long) from + count > batchAndRow.length) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Gather references ["
              + from
              + ", "
              + ((long) from + count)
              + ") must lie within the "
              + batchAndRow.length
              + " references given");
    }
    int[] valueCounts = new int[sources.size()];
    for (int batch = 0; batch < valueCounts.length; batch++) {
      valueCounts[batch] = sources.get(batch).getValueCount();
    }
    int end = from + count;
    for (int i = from; i < end; i++) {
      long reference = batchAndRow[i];
      int batch = (int) (reference >>> 32);
      int row = (int) reference;
      if (batch < 0 || batch >= valueCounts.length || row < 0 || row >= valueCounts[batch]) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Gather reference must name a row of one of the "
                + valueCounts.length
                + " sources; found batch "
                + batch
                + ", row "
                + row);
      }
    }
  }

  /**
   * Copies the referenced rows (already checked with {@link #checkReferences}) of {@code sources}
   * into {@code to}, a freshly created vector of their type, and sets its value count.
   */
  static void gather(
      List<? extends FieldVector> sources,
      long[] batchAndRow,
      int from,
      int count,
      FieldVector to) {
    int capacity = Math.max(count, 1);
    boolean sameType = true;
    boolean anyNulls = false;
    for (FieldVector source : sources) {
      sameType &= source.getClass() == to.getClass();
      anyNulls |= source.getNullCount() != 0;
    }
    int batches = sources.size();
    if (sameType && to instanceof VarCharVector target) {
      long[] offsets = new long[batches];
      long[] data = new long[batches];
      for (int batch = 0; batch < batches; batch++) {
        offsets[batch] =
            UnsafeMemory.address(((VarCharVector) sources.get(batch)).getOffsetBuffer());
        data[batch] = UnsafeMemory.address(sources.get(batch).getDataBuffer());
      }
      long bytes = 0;
      int end = from + count;
      for (int i = from; i < end; i++) {
        long reference = batchAndRow[i];
        long at = offsets[(int) (reference >>> 32)] + ((long) (int) reference << 2);
        bytes += UnsafeMemory.getInt(at + 4) - UnsafeMemory.getInt(at);
      }
      target.allocateNew(Math.max(bytes, 1), capacity);
      long targetOffsets = UnsafeMemory.address(target.getOffsetBuffer());
      long targetData = UnsafeMemory.address(target.getDataBuffer());
      int offset = 0;
      UnsafeMemory.putInt(targetOffsets, 0);
      for (int i = 0; i < count; i++) {
        long reference = batchAndRow[from + i];
        int batch = (int) (reference >>> 32);
        long at = offsets[batch] + ((long) (int) reference << 2);
        int start = UnsafeMemory.getInt(at);
        int length = UnsafeMemory.getInt(at + 4) - start;
        UnsafeMemory.copy(data[batch] + start, targetData + offset, length);
        offset += length;
        UnsafeMemory.putInt(targetOffsets + ((long) (i + 1) << 2), offset);
      }
      gatherValidity(sources, anyNulls, batchAndRow, from, count, to);
      target.setLastSet(count - 1);
      target.setValueCount(count);
      return;
    }
    if (sameType && to instanceof BitVector target) {
      target.allocateNew(capacity);
      gatherBits(addresses(sources, false), batchAndRow, from, count, target.getDataBuffer());
      gatherValidity(sources, anyNulls, batchAndRow, from, count, to);
      target.setValueCount(count);
      return;
    }
    int width = sameType ? fixedWidth(to) : 0;
    if (width > 0) {
      to.setInitialCapacity(capacity);
      to.allocateNew();
      long[] data = addresses(sources, false);
      long target = UnsafeMemory.address(to.getDataBuffer());
      for (int i = 0; i < count; i++) {
        long reference = batchAndRow[from + i];
        long row = (int) reference;
        long source = data[(int) (reference >>> 32)];
        if (width == 8) {
          UnsafeMemory.putLong(target + ((long) i << 3), UnsafeMemory.getLong(source + (row << 3)));
        } else if (width == 4) {
          UnsafeMemory.putInt(target + ((long) i << 2), UnsafeMemory.getInt(source + (row << 2)));
        } else {
          long at = source + (row << 4);
          long to16 = target + ((long) i << 4);
          UnsafeMemory.putLong(to16, UnsafeMemory.getLong(at));
          UnsafeMemory.putLong(to16 + 8, UnsafeMemory.getLong(at + 8));
        }
      }
      gatherValidity(sources, anyNulls, batchAndRow, from, count, to);
      to.setValueCount(count);
      return;
    }
    // Any other vector: Arrow's own per-value copy.
    to.setInitialCapacity(capacity);
    to.allocateNew();
    for (int i = 0; i < count; i++) {
      long reference = batchAndRow[from + i];
      to.copyFromSafe((int) reference, i, sources.get((int) (reference >>> 32)));
    }
    to.setValueCount(count);
  }

  private static long[] addresses(List<? extends FieldVector> sources, boolean validity) {
    long[] addresses = new long[sources.size()];
    for (int batch = 0; batch < addresses.length; batch++) {
      FieldVector source = sources.get(batch);
      addresses[batch] =
          UnsafeMemory.address(validity ? source.getValidityBuffer() : source.getDataBuffer());
    }
    return addresses;
  }

  private static void gatherValidity(
      List<? extends FieldVector> sources,
      boolean anyNulls,
      long[] batchAndRow,
      int from,
      int count,
      FieldVector to) {
    if (anyNulls) {
      gatherBits(addresses(sources, true), batchAndRow, from, count, to.getValidityBuffer());
    } else {
      UnsafeMemory.setLeadingBits(UnsafeMemory.address(to.getValidityBuffer()), count);
    }
  }

  /** Sets bit i of the zeroed bitmap {@code target} to the bit of reference {@code from + i}. */
  // hot path
  private static void gatherBits(
      long[] sources, long[] batchAndRow, int from, int count, ArrowBuf targetBuffer) {
    long target = UnsafeMemory.address(targetBuffer);
    for (int i = 0; i < count; i++) {
      long reference = batchAndRow[from + i];
      if (UnsafeMemory.getBit(sources[(int) (reference >>> 32)], (int) reference) != 0) {
        UnsafeMemory.setBit(target, i);
      }
    }
  }
}
