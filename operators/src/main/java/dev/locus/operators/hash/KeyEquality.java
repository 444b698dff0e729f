package dev.locus.operators.hash;

import static dev.locus.operators.hash.KeyHashing.isSet;

import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Compares a row of one batch's key columns with a row of another's (or the same batch's). Made per
 * pair of batches; cheap to make, not thread-safe to share while the batches change, safe to use
 * from several threads once made (it only reads).
 *
 * <p>NULL equals NULL here (grouping semantics, {@code IS NOT DISTINCT FROM}); joins drop rows with
 * NULL keys before they compare. Keys are compared as {@link KeyHashing} hashes them: DOUBLE {@code
 * -0.0} equals {@code 0.0}, NaN equals NaN, and INT equals BIGINT by value.
 */
public final class KeyEquality {
  private final ColumnEquality[] columns;
  private final ColumnEquality single;

  private KeyEquality(ColumnEquality[] columns) {
    this.columns = columns;
    this.single = columns.length == 1 ? columns[0] : null;
  }

  /**
   * The equality of rows of {@code left} with rows of {@code right}, column by column; an error
   * when a pair of key columns has types that cannot be compared.
   */
  public static KeyEquality of(FieldVector[] left, FieldVector[] right) {
    if (left.length != right.length) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Key column counts differ: " + left.length + " and " + right.length);
    }
    ColumnEquality[] columns = new ColumnEquality[left.length];
    for (int i = 0; i < left.length; i++) {
      columns[i] = column(left[i], right[i]);
    }
    return new KeyEquality(columns);
  }

  /** Whether two key types can be compared as keys (and hash alike when equal). */
  public static boolean comparable(DataType left, DataType right) {
    if (left.equals(right)) {
      return true;
    }
    if (isInteger(left) && isInteger(right)) {
      return true;
    }
    return left.isDecimal() && right.isDecimal() && left.scale() == right.scale();
  }

  /** Whether the keys of {@code leftRow} equal the keys of {@code rightRow}. */
  // hot path
  public boolean equal(int leftRow, int rightRow) {
    if (single != null) {
      return single.equal(leftRow, rightRow);
    }
    for (ColumnEquality column : columns) {
      if (!column.equal(leftRow, rightRow)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isInteger(DataType type) {
    return type.kind() == DataType.Kind.INT || type.kind() == DataType.Kind.BIGINT;
  }

  private static ColumnEquality column(FieldVector left, FieldVector right) {
    DataType leftType = Vectors.typeOf(left);
    DataType rightType = Vectors.typeOf(right);
    if (!comparable(leftType, rightType)) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Key columns '"
              + left.getName()
              + "' "
              + leftType
              + " and '"
              + right.getName()
              + "' "
              + rightType
              + " cannot be compared; key pairs must have one type (INT and BIGINT mix)");
    }
    if (left instanceof VarCharVector leftStrings && right instanceof VarCharVector rightStrings) {
      return new VarcharEquality(leftStrings, rightStrings);
    }
    if (left instanceof BitVector) {
      return new BooleanEquality(left, right);
    }
    if (left instanceof DecimalVector) {
      return new DecimalEquality(left, right);
    }
    int leftWidth = width(leftType);
    int rightWidth = width(rightType);
    if (leftType.kind() == DataType.Kind.DOUBLE) {
      return new DoubleEquality(left, right);
    }
    if (leftWidth == 4 && rightWidth == 4) {
      return new IntEquality(left, right);
    }
    if (leftWidth == 8 && rightWidth == 8) {
      return new LongEquality(left, right);
    }
    return new MixedIntegerEquality(left, leftWidth, right, rightWidth);
  }

  private static int width(DataType type) {
    return switch (type.kind()) {
      case INT, DATE -> 4;
      default -> 8;
    };
  }

  private abstract static class ColumnEquality {
    final long leftValidity;
    final long rightValidity;
    final boolean nullable;
    final long leftData;
    final long rightData;

    ColumnEquality(FieldVector left, FieldVector right) {
      this.leftValidity = left.getValidityBuffer().memoryAddress();
      this.rightValidity = right.getValidityBuffer().memoryAddress();
      this.nullable = left.getNullCount() > 0 || right.getNullCount() > 0;
      this.leftData = left.getDataBuffer().memoryAddress();
      this.rightData = right.getDataBuffer().memoryAddress();
    }

    /**
     * 1 when both rows are NULL, 0 when exactly one is, -1 when neither is (compare the values).
     */
    final int nulls(int leftRow, int rightRow) {
      boolean leftNull = !isSet(leftValidity, leftRow);
      boolean rightNull = !isSet(rightValidity, rightRow);
      if (leftNull || rightNull) {
        return leftNull && rightNull ? 1 : 0;
      }
      return -1;
    }

    abstract boolean equal(int leftRow, int rightRow);
  }

  private static final class IntEquality extends ColumnEquality {
    IntEquality(FieldVector left, FieldVector right) {
      super(left, right);
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      return MemoryUtil.getInt(leftData + (long) leftRow * 4)
          == MemoryUtil.getInt(rightData + (long) rightRow * 4);
    }
  }

  private static final class LongEquality extends ColumnEquality {
    LongEquality(FieldVector left, FieldVector right) {
      super(left, right);
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      return MemoryUtil.getLong(leftData + (long) leftRow * 8)
          == MemoryUtil.getLong(rightData + (long) rightRow * 8);
    }
  }

  private static final class MixedIntegerEquality extends ColumnEquality {
    private final int leftWidth;
    private final int rightWidth;

    MixedIntegerEquality(FieldVector left, int leftWidth, FieldVector right, int rightWidth) {
      super(left, right);
      this.leftWidth = leftWidth;
      this.rightWidth = rightWidth;
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      return read(leftData, leftWidth, leftRow) == read(rightData, rightWidth, rightRow);
    }

    private static long read(long data, int width, int row) {
      return width == 4
          ? MemoryUtil.getInt(data + (long) row * 4)
          : MemoryUtil.getLong(data + (long) row * 8);
    }
  }

  private static final class DoubleEquality extends ColumnEquality {
    DoubleEquality(FieldVector left, FieldVector right) {
      super(left, right);
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      double leftValue = Double.longBitsToDouble(MemoryUtil.getLong(leftData + (long) leftRow * 8));
      double rightValue =
          Double.longBitsToDouble(MemoryUtil.getLong(rightData + (long) rightRow * 8));
      return KeyHashing.doubleKeyBits(leftValue) == KeyHashing.doubleKeyBits(rightValue);
    }
  }

  private static final class DecimalEquality extends ColumnEquality {
    DecimalEquality(FieldVector left, FieldVector right) {
      super(left, right);
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      long left = leftData + (long) leftRow * 16;
      long right = rightData + (long) rightRow * 16;
      return MemoryUtil.getLong(left) == MemoryUtil.getLong(right)
          && MemoryUtil.getLong(left + 8) == MemoryUtil.getLong(right + 8);
    }
  }

  private static final class BooleanEquality extends ColumnEquality {
    BooleanEquality(FieldVector left, FieldVector right) {
      super(left, right);
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      return isSet(leftData, leftRow) == isSet(rightData, rightRow);
    }
  }

  private static final class VarcharEquality extends ColumnEquality {
    private final long leftOffsets;
    private final long rightOffsets;

    VarcharEquality(VarCharVector left, VarCharVector right) {
      super(left, right);
      this.leftOffsets = left.getOffsetBuffer().memoryAddress();
      this.rightOffsets = right.getOffsetBuffer().memoryAddress();
    }

    @Override
    boolean equal(int leftRow, int rightRow) {
      if (nullable) {
        int nulls = nulls(leftRow, rightRow);
        if (nulls >= 0) {
          return nulls == 1;
        }
      }
      int leftStart = MemoryUtil.getInt(leftOffsets + (long) leftRow * 4);
      int leftLength = MemoryUtil.getInt(leftOffsets + (long) leftRow * 4 + 4) - leftStart;
      int rightStart = MemoryUtil.getInt(rightOffsets + (long) rightRow * 4);
      int rightLength = MemoryUtil.getInt(rightOffsets + (long) rightRow * 4 + 4) - rightStart;
      return leftLength == rightLength
          && bytesEqual(leftData + leftStart, rightData + rightStart, leftLength);
    }
  }

  /** Whether {@code length} bytes at two off-heap addresses are equal. */
  // hot path
  static boolean bytesEqual(long left, long right, int length) {
    int index = 0;
    for (; index + 8 <= length; index += 8) {
      if (MemoryUtil.getLong(left + index) != MemoryUtil.getLong(right + index)) {
        return false;
      }
    }
    for (; index < length; index++) {
      if (MemoryUtil.getByte(left + index) != MemoryUtil.getByte(right + index)) {
        return false;
      }
    }
    return true;
  }
}
