package dev.locus.cluster.coordinator;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A job's result rows as an Arrow IPC stream and back. An OBJECT column (the rows of a typed {@code
 * DataSet}) travels as Arrow {@code Binary}, each value encoded with {@link
 * ObjectBatchCodec#encodeObject}; decoding here (for CSV and JSON answers) shows such values as
 * text.
 */
public final class ResultCodec {
  private static final int ROWS_PER_BATCH = 64 * 1024;

  private ResultCodec() {}

  /** Rows of Java values (see {@code DataType}) as an Arrow IPC stream of {@code schema}. */
  public static byte[] encode(Schema schema, List<List<Object>> rows, BufferAllocator allocator) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectBatchCodec codec = new ObjectBatchCodec();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(schema), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      for (int start = 0; start < rows.size() || start == 0; start += ROWS_PER_BATCH) {
        int end = Math.min(rows.size(), start + ROWS_PER_BATCH);
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = start; row < end; row++) {
          List<Object> values = rows.get(row);
          for (int column = 0; column < vectors.size(); column++) {
            Object value = values.get(column);
            FieldVector vector = vectors.get(column);
            if (vector instanceof VarBinaryVector binary) {
              if (value == null) {
                binary.setNull(row - start);
              } else {
                binary.setSafe(row - start, codec.encodeObject(value));
              }
            } else {
              Vectors.setObject(vector, row - start, value);
            }
          }
        }
        root.setRowCount(end - start);
        writer.writeBatch();
        if (rows.isEmpty()) {
          break;
        }
      }
      writer.end();
    } catch (IOException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot encode a result: " + e, e);
    }
    return out.toByteArray();
  }

  private static org.apache.arrow.vector.types.pojo.Schema arrowSchema(Schema schema) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (Field field : schema.fields()) {
      fields.add(
          field.type().kind() == DataType.Kind.OBJECT
              ? new org.apache.arrow.vector.types.pojo.Field(
                  field.name(), FieldType.nullable(ArrowType.Binary.INSTANCE), null)
              : field.toArrow());
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  /** A decoded result: its schema and rows. */
  public record Decoded(Schema schema, List<List<Object>> rows) {}

  public static Decoded decode(byte[] arrow, BufferAllocator allocator) {
    List<List<Object>> rows = new ArrayList<>();
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(arrow), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<Field> fields = new ArrayList<>();
      boolean objects = false;
      for (org.apache.arrow.vector.types.pojo.Field field : root.getSchema().getFields()) {
        if (field.getType() instanceof ArrowType.Binary) {
          fields.add(new Field(field.getName(), DataType.OBJECT, true));
          objects = true;
        } else {
          fields.add(
              new Field(field.getName(), DataType.fromArrow(field.getType()), field.isNullable()));
        }
      }
      Schema schema = new Schema(fields);
      ObjectBatchCodec codec = new ObjectBatchCodec();
      while (reader.loadNextBatch()) {
        if (!objects) {
          rows.addAll(Batches.toRows(root));
          continue;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < root.getRowCount(); row++) {
          List<Object> values = new ArrayList<>(vectors.size());
          for (FieldVector vector : vectors) {
            if (vector.isNull(row)) {
              values.add(null);
            } else if (vector instanceof VarBinaryVector binary) {
              values.add(String.valueOf(codec.decodeObject(binary.get(row))));
            } else {
              values.add(Vectors.getObject(vector, row));
            }
          }
          rows.add(values);
        }
      }
      return new Decoded(schema, rows);
    } catch (IOException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot decode a result: " + e, e);
    }
  }
}
