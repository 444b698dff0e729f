package dev.locus.core.source.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.source.BatchReader;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Parses the records of one CSV file straight into Arrow vectors. */
final class CsvBatchReader implements BatchReader {
  private final CsvTokenizer tokenizer;
  private final int width;
  private final int[] columns;
  private final Field[] fields;
  private final DataType.Kind[] kinds;
  private final Schema batchSchema;
  private final BufferAllocator allocator;
  private final int batchSize;
  private byte[] utf8 = new byte[256];
  private boolean finished;

  CsvBatchReader(
      CsvTokenizer tokenizer,
      Schema schema,
      int[] columns,
      BufferAllocator allocator,
      int batchSize) {
    this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    this.width = schema.size();
    this.columns = columns.clone();
    this.fields = new Field[columns.length];
    this.kinds = new DataType.Kind[columns.length];
    List<Field> selected = new ArrayList<>(columns.length);
    for (int i = 0; i < columns.length; i++) {
      fields[i] = schema.field(columns[i]);
      kinds[i] = fields[i].type().kind();
      selected.add(fields[i]);
    }
    this.batchSchema = new Schema(selected);
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.batchSize = batchSize;
  }

  @Override
  public VectorSchemaRoot next() {
    if (finished) {
      return null;
    }
    VectorSchemaRoot root = Batches.allocate(batchSchema, allocator, batchSize);
    try {
      FieldVector[] vectors = root.getFieldVectors().toArray(new FieldVector[0]);
      int row = 0;
      while (row < batchSize && tokenizer.next()) {
        if (tokenizer.fieldCount() != width) {
          throw tokenizer.malformed(
              "expected " + width + " fields, found " + tokenizer.fieldCount());
        }
        for (int i = 0; i < columns.length; i++) {
          setValue(i, vectors[i], row);
        }
        row++;
      }
      if (row < batchSize) {
        finish();
      }
      if (row == 0) {
        root.close();
        return null;
      }
      for (FieldVector vector : vectors) {
        vector.setValueCount(row);
      }
      root.setRowCount(row);
      return root;
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  // hot path
  private void setValue(int column, FieldVector vector, int row) {
    int field = columns[column];
    char[] chars = tokenizer.chars();
    int start = tokenizer.start(field);
    int end = tokenizer.end(field);
    DataType.Kind kind = kinds[column];
    if (start == end && (kind != DataType.Kind.VARCHAR || !tokenizer.isQuoted(field))) {
      if (!fields[column].nullable()) {
        throw tokenizer.malformed(
            "column '" + fields[column].name() + "' is NOT NULL; found an empty field");
      }
      vector.setNull(row);
      return;
    }
    try {
      switch (kind) {
        case BIGINT -> ((BigIntVector) vector).setSafe(row, CsvValues.parseLong(chars, start, end));
        case INT -> ((IntVector) vector).setSafe(row, CsvValues.parseInt(chars, start, end));
        case DOUBLE ->
            ((Float8Vector) vector).setSafe(row, CsvValues.parseDouble(chars, start, end));
        case DECIMAL -> {
          DataType type = fields[column].type();
          DecimalVector decimals = (DecimalVector) vector;
          if (type.precision() <= 18) {
            Decimals.setUnscaled(
                decimals,
                row,
                CsvValues.parseUnscaled(chars, start, end, type.precision(), type.scale()));
          } else {
            decimals.setSafe(
                row, CsvValues.parseBigDecimal(chars, start, end, type.precision(), type.scale()));
          }
        }
        case VARCHAR -> setString((VarCharVector) vector, row, chars, start, end);
        case DATE -> ((DateDayVector) vector).setSafe(row, CsvValues.parseDate(chars, start, end));
        case TIMESTAMP ->
            ((TimeStampMicroVector) vector)
                .setSafe(row, CsvValues.parseTimestamp(chars, start, end));
        case BOOLEAN ->
            ((BitVector) vector).setSafe(row, CsvValues.parseBoolean(chars, start, end) ? 1 : 0);
        case OBJECT -> throw new IllegalStateException("OBJECT columns are rejected by CsvSource");
      }
    } catch (CsvValues.InvalidValue e) {
      throw tokenizer.malformed(
          "column '"
              + fields[column].name()
              + "' expects "
              + fields[column].type()
              + "; found '"
              + tokenizer.field(field)
              + "'");
    }
  }

  /** UTF-8 encodes a char range into the vector (unpaired surrogates become '?'). */
  // hot path
  private void setString(VarCharVector vector, int row, char[] chars, int start, int end) {
    int maxBytes = (end - start) * 3;
    if (maxBytes > utf8.length) {
      utf8 = new byte[Math.max(maxBytes, utf8.length * 2)];
    }
    byte[] out = utf8;
    int length = 0;
    for (int i = start; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        out[length++] = (byte) c;
      } else if (c < 0x800) {
        out[length++] = (byte) (0xC0 | (c >> 6));
        out[length++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < end
          && Character.isLowSurrogate(chars[i + 1])) {
        int codePoint = Character.toCodePoint(c, chars[++i]);
        out[length++] = (byte) (0xF0 | (codePoint >> 18));
        out[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        out[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        out[length++] = (byte) (0x80 | (codePoint & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[length++] = '?';
      } else {
        out[length++] = (byte) (0xE0 | (c >> 12));
        out[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[length++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    vector.setSafe(row, out, 0, length);
  }

  private void finish() {
    if (!finished) {
      finished = true;
      tokenizer.close();
    }
  }

  @Override
  public void close() {
    finish();
  }
}
