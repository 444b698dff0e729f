package dev.locus.core.source.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.source.BatchReader;
import dev.locus.core.type.Schema;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
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

/** Generates rows a chunk at a time and fills each column's vector in one loop over the chunk. */
final class TpchBatchReader implements BatchReader {
  /** Rows generated and converted at a time. */
  private static final int CHUNK_ROWS = 1024;

  private final Iterator<TpchEntity> rows;
  private final List<TpchColumn<TpchEntity>> columns;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final int batchSize;
  private final TpchEntity[] buffer;
  private final TpchColumnType.Base[] bases;
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
    this.batchSize = batchSize;
    this.buffer = new TpchEntity[Math.min(batchSize, CHUNK_ROWS)];
    this.bases = new TpchColumnType.Base[this.columns.size()];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = this.columns.get(i).getType().getBase();
    }
  }

  @Override
  public VectorSchemaRoot next() {
    if (closed || !rows.hasNext()) {
      return null;
    }
    VectorSchemaRoot root = Batches.allocate(schema, allocator, batchSize);
    try {
      FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      int count = 0;
      // Generate and convert a small chunk at a time, so that the chunk's rows stay in cache.
      while (count < batchSize && rows.hasNext()) {
        int chunk = 0;
        int chunkSize = Math.min(buffer.length, batchSize - count);
        while (chunk < chunkSize && rows.hasNext()) {
          buffer[chunk++] = rows.next();
        }
        for (int i = 0; i < vectors.length; i++) {
          fill(columns.get(i), bases[i], vectors[i], count, chunk);
        }
        count += chunk;
      }
      Arrays.fill(buffer, null);
      for (FieldVector vector : vectors) {
        vector.setValueCount(count);
      }
      root.setRowCount(count);
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  // hot path
  private void fill(
      TpchColumn<TpchEntity> column,
      TpchColumnType.Base base,
      FieldVector vector,
      int offset,
      int count) {
    TpchEntity[] entities = buffer;
    switch (base) {
      case IDENTIFIER -> {
        BigIntVector longs = (BigIntVector) vector;
        for (int row = 0; row < count; row++) {
          longs.set(offset + row, column.getIdentifier(entities[row]));
        }
      }
      case INTEGER -> {
        IntVector ints = (IntVector) vector;
        for (int row = 0; row < count; row++) {
          ints.set(offset + row, column.getInteger(entities[row]));
        }
      }
      case DATE -> {
        DateDayVector dates = (DateDayVector) vector;
        for (int row = 0; row < count; row++) {
          dates.set(offset + row, column.getDate(entities[row]));
        }
      }
      case DOUBLE -> {
        // The generator keeps money as whole cents; getIdentifier gives them exactly.
        DecimalVector decimals = (DecimalVector) vector;
        for (int row = 0; row < count; row++) {
          Decimals.setUnscaled(decimals, offset + row, column.getIdentifier(entities[row]));
        }
      }
      case VARCHAR -> fillStrings(column, (VarCharVector) vector, offset, count);
    }
  }

  // hot path
  @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): ASCII without a copy
  private void fillStrings(
      TpchColumn<TpchEntity> column, VarCharVector strings, int offset, int count) {
    TpchEntity[] entities = buffer;
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
        strings.setSafe(offset + row, scratch, 0, length);
      } else {
        strings.setSafe(offset + row, value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Arrays.fill(buffer, null);
  }
}
