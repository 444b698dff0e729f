package dev.locus.core.source.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Decimals;
import dev.locus.core.source.BatchReader;
import dev.locus.core.type.Schema;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Generates a batch of rows, then fills each column's vector in one loop over the batch's rows. */
final class TpchBatchReader implements BatchReader {
  private final Iterator<TpchEntity> rows;
  private final List<TpchColumn<TpchEntity>> columns;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final TpchEntity[] buffer;
  private byte[] scratch = new byte[256];
  private boolean closed;

  TpchBatchReader(
      Iterator<TpchEntity> rows,
      List<TpchColumn<TpchEntity>> columns,
      Schema schema,
      BufferAllocator allocator,
      int batchSize) {
    this.rows = requireNonNull(rows, "rows is null");
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.buffer = new TpchEntity[batchSize];
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed) {
      return null;
    }
    int count = 0;
    while (count < buffer.length && rows.hasNext()) {
      buffer[count++] = rows.next();
    }
    if (count == 0) {
      return null;
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(schema.toArrow(), allocator);
    try {
      List<FieldVector> vectors = root.getFieldVectors();
      for (int i = 0; i < columns.size(); i++) {
        fill(columns.get(i), vectors.get(i), count);
      }
      root.setRowCount(count);
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
    Arrays.fill(buffer, 0, count, null);
    return root;
  }

  // hot path
  private void fill(TpchColumn<TpchEntity> column, FieldVector vector, int count) {
    TpchEntity[] entities = buffer;
    switch (column.getType().getBase()) {
      case IDENTIFIER -> {
        BigIntVector longs = (BigIntVector) vector;
        longs.allocateNew(count);
        for (int row = 0; row < count; row++) {
          longs.set(row, column.getIdentifier(entities[row]));
        }
      }
      case INTEGER -> {
        IntVector ints = (IntVector) vector;
        ints.allocateNew(count);
        for (int row = 0; row < count; row++) {
          ints.set(row, column.getInteger(entities[row]));
        }
      }
      case DATE -> {
        DateDayVector dates = (DateDayVector) vector;
        dates.allocateNew(count);
        for (int row = 0; row < count; row++) {
          dates.set(row, column.getDate(entities[row]));
        }
      }
      case DOUBLE -> {
        // The generator keeps money as whole cents; getIdentifier gives them exactly.
        DecimalVector decimals = (DecimalVector) vector;
        decimals.allocateNew(count);
        for (int row = 0; row < count; row++) {
          Decimals.setUnscaled(decimals, row, column.getIdentifier(entities[row]));
        }
      }
      case VARCHAR -> fillStrings(column, (VarCharVector) vector, count);
    }
    vector.setValueCount(count);
  }

  // hot path
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): ASCII without a copy
  private void fillStrings(TpchColumn<TpchEntity> column, VarCharVector strings, int count) {
    TpchEntity[] entities = buffer;
    strings.allocateNew(Math.max(1, (long) count * 16), count);
    for (int row = 0; row < count; row++) {
      String value = column.getString(entities[row]);
      int length = value.length();
      if (length > scratch.length) {
        scratch = new byte[Math.max(length, scratch.length * 2)];
      }
      boolean ascii = true;
      for (int i = 0; i < length; i++) {
        if (value.charAt(i) >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        value.getBytes(0, length, scratch, 0);
        strings.setSafe(row, scratch, 0, length);
      } else {
        strings.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Arrays.fill(buffer, null);
  }
}
