package dev.locus.operators.expr;

import dev.locus.core.batch.Vectors;
import dev.locus.core.type.DataType;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * {@code value IN (c1, c2, ...)} over a list of constants, probing a hash set of primitives (or
 * bytes). TRUE on a match; otherwise NULL when the list holds a NULL, else FALSE.
 */
final class InListNode extends Node {
  private final Node value;
  private final boolean listHasNull;
  private final IntOpenHashSet ints;
  private final LongOpenHashSet longs;
  private final Set<BigInteger> bigDecimals;
  private final ByteStringSet strings;

  InListNode(Node value, List<Object> constants) {
    super(DataType.BOOLEAN);
    this.value = value;
    boolean hasNull = false;
    IntOpenHashSet intSet = null;
    LongOpenHashSet longSet = null;
    Set<BigInteger> bigSet = null;
    List<byte[]> byteList = null;
    DataType valueType = value.type;
    switch (valueType.kind()) {
      case INT, DATE -> intSet = new IntOpenHashSet();
      case VARCHAR -> byteList = new ArrayList<>();
      case DECIMAL -> {
        longSet = new LongOpenHashSet();
        bigSet = new HashSet<>();
      }
      default -> longSet = new LongOpenHashSet();
    }
    for (Object constant : constants) {
      if (constant == null) {
        hasNull = true;
        continue;
      }
      switch (valueType.kind()) {
        case INT -> intSet.add((Integer) constant);
        case DATE -> intSet.add((int) ((LocalDate) constant).toEpochDay());
        case BIGINT -> longSet.add((Long) constant);
        case TIMESTAMP -> longSet.add(Vectors.toMicros((LocalDateTime) constant));
        case DOUBLE -> longSet.add(doubleKey((Double) constant));
        case DECIMAL -> {
          BigInteger unscaled = ((BigDecimal) constant).unscaledValue();
          if (unscaled.bitLength() < 64) {
            longSet.add(unscaled.longValue());
          } else {
            bigSet.add(unscaled);
          }
        }
        default -> byteList.add(((String) constant).getBytes(StandardCharsets.UTF_8));
      }
    }
    this.listHasNull = hasNull;
    this.ints = intSet;
    this.longs = longSet;
    this.bigDecimals = bigSet;
    this.strings = byteList == null ? null : new ByteStringSet(byteList);
  }

  /** Equal doubles (0.0 and -0.0, every NaN) share a key. */
  private static long doubleKey(double value) {
    return value == 0 ? 0L : Double.doubleToLongBits(value);
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = value.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      long[] found = new long[valid.length];
      long data = Memory.address(a.vector.getDataBuffer());
      int m = a.rowMask;
      switch (value.type.kind()) {
        case INT, DATE -> {
          for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
            if (ints.contains(Memory.getInt(data + ((long) (i & m) << 2)))) {
              found[i >>> 6] |= 1L << i;
            }
          }
        }
        case BIGINT, TIMESTAMP -> {
          for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
            if (longs.contains(Memory.getLong(data + ((long) (i & m) << 3)))) {
              found[i >>> 6] |= 1L << i;
            }
          }
        }
        case DOUBLE -> {
          for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
            if (longs.contains(doubleKey(Memory.getDouble(data + ((long) (i & m) << 3))))) {
              found[i >>> 6] |= 1L << i;
            }
          }
        }
        case DECIMAL -> {
          for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
            long offset = (long) (i & m) << 4;
            long low = Memory.getLong(data + (offset));
            long high = Memory.getLong(data + (offset + 8));
            boolean hit =
                DecimalMath.fits(low, high)
                    ? longs.contains(low)
                    : !bigDecimals.isEmpty()
                        && bigDecimals.contains(DecimalMath.toBigInteger(low, high));
            if (hit) {
              found[i >>> 6] |= 1L << i;
            }
          }
        }
        default -> {
          long offsets = Memory.address(a.vector.getOffsetBuffer());
          byte[] scratch = new byte[64];
          for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
            long index = (long) (i & m) << 2;
            int start = Memory.getInt(offsets + (index));
            int length = Memory.getInt(offsets + (index + 4)) - start;
            if (length > scratch.length) {
              scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            MemoryUtil.copyFromMemory(data + start, scratch, 0, length);
            if (strings.contains(scratch, length)) {
              found[i >>> 6] |= 1L << i;
            }
          }
        }
      }
      if (listHasNull) {
        // No match against a list with a NULL is unknown.
        for (int w = 0; w < valid.length; w++) {
          valid[w] &= found[w];
        }
      }
      return Operand.owned(Results.booleans(found, valid, context));
    }
  }
}
