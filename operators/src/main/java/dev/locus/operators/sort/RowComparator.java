package dev.locus.operators.sort;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.SortKey;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import it.unimi.dsi.fastutil.longs.LongComparator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Compares rows of a fixed list of batches by sort keys. A row is named by a {@link
 * Batches#rowReference} (batch index in the list, row in the batch). Each key has its own direction
 * and NULL placement; NULLs compare equal to each other.
 *
 * <p>Supported key types: BOOLEAN (false first), INT, BIGINT, DOUBLE ({@link Double#compare}
 * order), DECIMAL (one scale per column), VARCHAR (unsigned UTF-8 bytes, the "C" collation), DATE
 * and TIMESTAMP.
 */
public final class RowComparator implements LongComparator {
  private final KeyColumn[] columns;
  private final boolean[] ascending;
  private final boolean[] nullsFirst;

  private RowComparator(KeyColumn[] columns, boolean[] ascending, boolean[] nullsFirst) {
    this.columns = columns;
    this.ascending = ascending;
    this.nullsFirst = nullsFirst;
  }

  /**
   * A comparator over {@code batches}, whose columns have the types of {@code schema}. The batches
   * must stay open while the comparator is used.
   */
  public static RowComparator create(
      List<SortKey> keys, Schema schema, List<VectorSchemaRoot> batches) {
    requireNonNull(batches, "batches is null");
    checkKeys(keys, schema, "Sort");
    KeyColumn[] columns = new KeyColumn[keys.size()];
    boolean[] ascending = new boolean[keys.size()];
    boolean[] nullsFirst = new boolean[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      SortKey key = keys.get(i);
      List<FieldVector> vectors = new ArrayList<>(batches.size());
      for (VectorSchemaRoot batch : batches) {
        vectors.add(batch.getVector(key.column()));
      }
      columns[i] = KeyColumn.of(schema.type(key.column()), vectors);
      ascending[i] = key.ascending();
      nullsFirst[i] = key.nullsFirst();
    }
    return new RowComparator(columns, ascending, nullsFirst);
  }

  /**
   * Checks that every key names a column of {@code schema} of a sortable type; the error names the
   * operator.
   */
  public static void checkKeys(List<SortKey> keys, Schema schema, String operator) {
    requireNonNull(keys, "keys is null");
    requireNonNull(schema, "schema is null");
    for (SortKey key : keys) {
      requireNonNull(key, "key is null");
      if (key.column() >= schema.size()) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            operator
                + " key column "
                + key.column()
                + " is out of range; the input has "
                + schema.size()
                + " columns: "
                + schema.names());
      }
      DataType type = schema.type(key.column());
      if (type.kind() == DataType.Kind.OBJECT) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            operator
                + " key column '"
                + schema.field(key.column()).name()
                + "' has type OBJECT, which has no order; sortable types: "
                + "[BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL, VARCHAR, DATE, TIMESTAMP]");
      }
    }
  }

  /** Number of keys. */
  public int keyCount() {
    return columns.length;
  }

  /** Compares two rows on all keys. */
  @Override
  public int compare(long left, long right) {
    return compareFrom(0, left, right);
  }

  /** Compares two rows on keys {@code firstKey} and after. */
  // hot path
  public int compareFrom(int firstKey, long left, long right) {
    int leftBatch = (int) (left >>> 32);
    int leftRow = (int) left;
    int rightBatch = (int) (right >>> 32);
    int rightRow = (int) right;
    for (int key = firstKey; key < columns.length; key++) {
      KeyColumn column = columns[key];
      boolean leftNull = column.isNull(leftBatch, leftRow);
      boolean rightNull = column.isNull(rightBatch, rightRow);
      if (leftNull || rightNull) {
        if (leftNull && rightNull) {
          continue;
        }
        return leftNull == nullsFirst[key] ? -1 : 1;
      }
      int result = column.compare(leftBatch, leftRow, rightBatch, rightRow);
      if (result != 0) {
        return ascending[key] ? result : -result;
      }
    }
    return 0;
  }

  /** A comparator on keys {@code firstKey} and after. */
  LongComparator from(int firstKey) {
    return firstKey == 0 ? this : (left, right) -> compareFrom(firstKey, left, right);
  }

  KeyColumn column(int key) {
    return columns[key];
  }

  boolean ascending(int key) {
    return ascending[key];
  }

  boolean nullsFirst(int key) {
    return nullsFirst[key];
  }
}
