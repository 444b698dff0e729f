package dev.locus.core.sink.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Decimals;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.sink.SinkTarget;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
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

/** Writes one partition's rows (no header) as CSV bytes. */
final class CsvWriter implements SinkTarget.Writer {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final Path part;
  private final Schema schema;
  private final DataType.Kind[] kinds;
  private final byte[] buffer = new byte[64 * 1024];
  private int length;
  private byte[] scratch = new byte[256];
  private boolean closed;

  CsvWriter(OutputStream out, Path part, Schema schema) {
    this.out = requireNonNull(out, "out is null");
    this.part = requireNonNull(part, "part is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.kinds = new DataType.Kind[schema.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = schema.type(i).kind();
    }
  }

  static void writeHeader(OutputStream out, Schema schema) throws IOException {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < schema.size(); i++) {
      if (i > 0) {
        header.append(',');
      }
      String name = schema.field(i).name();
      if (needsQuotes(name)) {
        header.append('"').append(name.replace("\"", "\"\"")).append('"');
      } else {
        header.append(name);
      }
    }
    header.append('\n');
    out.write(header.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean needsQuotes(String text) {
    if (text.isEmpty()) {
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void write(VectorSchemaRoot batch) {
    requireNonNull(batch, "batch is null");
    if (closed) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "CSV part file " + part + " was written after close");
    }
    List<FieldVector> vectors = batch.getFieldVectors();
    if (vectors.size() != kinds.length) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "CSV part file "
              + part
              + " expects batches of "
              + schema
              + "; found "
              + batch.getSchema());
    }
    FieldVector[] columns = vectors.toArray(new FieldVector[0]);
    try {
      int rows = batch.getRowCount();
      for (int row = 0; row < rows; row++) {
        for (int column = 0; column < columns.length; column++) {
          if (column > 0) {
            writeByte(',');
          }
          writeValue(columns[column], kinds[column], row);
        }
        writeByte('\n');
      }
    } catch (IOException e) {
      throw CsvSink.ioError("Cannot write CSV part file " + part, e);
    }
  }

  // hot path
  private void writeValue(FieldVector vector, DataType.Kind kind, int row) throws IOException {
    if (vector.isNull(row)) {
      return;
    }
    switch (kind) {
      case BIGINT -> writeLong(((BigIntVector) vector).get(row));
      case INT -> writeLong(((IntVector) vector).get(row));
      case DOUBLE -> writeAscii(Double.toString(((Float8Vector) vector).get(row)));
      case DECIMAL -> {
        DecimalVector decimals = (DecimalVector) vector;
        if (Decimals.fitsInLong(decimals, row)) {
          writeDecimal(Decimals.getUnscaled(decimals, row), decimals.getScale());
        } else {
          writeAscii(decimals.getObject(row).toPlainString());
        }
      }
      case VARCHAR -> writeString((VarCharVector) vector, row);
      case DATE -> writeDate(((DateDayVector) vector).get(row));
      case TIMESTAMP -> writeTimestamp(((TimeStampMicroVector) vector).get(row));
      case BOOLEAN -> writeBytes(((BitVector) vector).get(row) != 0 ? TRUE : FALSE);
      case OBJECT -> throw new IllegalStateException("OBJECT columns are rejected by CsvSink");
    }
  }

  private void writeString(VarCharVector vector, int row) throws IOException {
    int start = vector.getStartOffset(row);
    int size = vector.getEndOffset(row) - start;
    if (size > scratch.length) {
      scratch = new byte[Math.max(size, scratch.length * 2)];
    }
    ArrowBuf data = vector.getDataBuffer();
    data.getBytes(start, scratch, 0, size);
    boolean quote = size == 0;
    for (int i = 0; i < size && !quote; i++) {
      byte b = scratch[i];
      quote = b == ',' || b == '"' || b == '\n' || b == '\r';
    }
    if (!quote) {
      writeBytes(scratch, size);
      return;
    }
    writeByte('"');
    for (int i = 0; i < size; i++) {
      byte b = scratch[i];
      if (b == '"') {
        writeByte('"');
      }
      writeByte(b);
    }
    writeByte('"');
  }

  private void writeDecimal(long unscaled, int scale) throws IOException {
    if (scale == 0) {
      writeLong(unscaled);
      return;
    }
    if (unscaled < 0) {
      writeByte('-');
    }
    long divisor = Decimals.powerOfTen(scale);
    // unscaled / divisor and remainder as non-negative numbers (Long.MIN_VALUE included)
    long integer = Math.abs(unscaled / divisor);
    long fraction = Math.abs(unscaled % divisor);
    writeLong(integer);
    writeByte('.');
    writePadded(fraction, scale);
  }

  private void writeDate(int epochDay) throws IOException {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      writeAscii(date.toString());
      return;
    }
    writePadded(year, 4);
    writeByte('-');
    writePadded(date.getMonthValue(), 2);
    writeByte('-');
    writePadded(date.getDayOfMonth(), 2);
  }

  private void writeTimestamp(long micros) throws IOException {
    int day = (int) Math.floorDiv(micros, MICROS_PER_DAY);
    long time = Math.floorMod(micros, MICROS_PER_DAY);
    writeDate(day);
    writeByte(' ');
    long seconds = time / MICROS_PER_SECOND;
    writePadded(seconds / 3600, 2);
    writeByte(':');
    writePadded(seconds / 60 % 60, 2);
    writeByte(':');
    writePadded(seconds % 60, 2);
    long fraction = time % MICROS_PER_SECOND;
    if (fraction != 0) {
      writeByte('.');
      writePadded(fraction, 6);
    }
  }

  private void writeLong(long value) throws IOException {
    if (value == Long.MIN_VALUE) {
      writeAscii(Long.toString(value));
      return;
    }
    if (value < 0) {
      writeByte('-');
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    writePadded(value, digits);
  }

  /** Writes a non-negative number as exactly {@code digits} digits, zero-padded. */
  private void writePadded(long value, int digits) throws IOException {
    if (length + digits > buffer.length) {
      flushBuffer();
    }
    for (int i = length + digits - 1; i >= length; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    length += digits;
  }

  private void writeAscii(String text) throws IOException {
    for (int i = 0; i < text.length(); i++) {
      writeByte(text.charAt(i));
    }
  }

  private void writeBytes(byte[] bytes) throws IOException {
    writeBytes(bytes, bytes.length);
  }

  private void writeBytes(byte[] bytes, int count) throws IOException {
    if (length + count > buffer.length) {
      flushBuffer();
      if (count > buffer.length) {
        out.write(bytes, 0, count);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, length, count);
    length += count;
  }

  private void writeByte(int b) throws IOException {
    if (length == buffer.length) {
      flushBuffer();
    }
    buffer[length++] = (byte) b;
  }

  private void flushBuffer() throws IOException {
    out.write(buffer, 0, length);
    length = 0;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream stream = out) {
      flushBuffer();
    } catch (IOException e) {
      throw CsvSink.ioError("Cannot write CSV part file " + part, e);
    }
  }
}
