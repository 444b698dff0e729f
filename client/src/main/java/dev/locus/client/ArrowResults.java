package dev.locus.client;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads a job's result from an Arrow IPC stream into rows of Java values.
 *
 * <p>Columns of Locus types are read as {@link Batches#toRows} reads them. A column of the OBJECT
 * type (the rows of a typed {@code DataSet}) travels as Arrow {@code Binary}: each value is {@link
 * ObjectBatchCodec#encodeObject} of the object, null stays null. Objects are decoded with the
 * thread's context class loader, so that a job's own classes resolve in the program that submitted
 * it.
 */
final class ArrowResults {
  private ArrowResults() {}

  static JobResult read(InputStream stream, BufferAllocator allocator, String request) {
    try (ArrowStreamReader reader = new ArrowStreamReader(stream, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      Schema schema = schema(root.getSchema(), request);
      boolean hasObjects = false;
      for (Field field : schema.fields()) {
        hasObjects |= field.type().kind() == DataType.Kind.OBJECT;
      }
      ObjectBatchCodec codec = hasObjects ? new ObjectBatchCodec() : null;
      List<List<Object>> rows = new ArrayList<>();
      while (reader.loadNextBatch()) {
        if (codec == null) {
          rows.addAll(Batches.toRows(root));
        } else {
          addRowsWithObjects(root, codec, rows);
        }
      }
      return new JobResult(schema, rows);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE,
          "Cannot read the Arrow result stream of " + request + ": " + e.getMessage(),
          e);
    }
  }

  private static Schema schema(
      org.apache.arrow.vector.types.pojo.Schema arrowSchema, String request) {
    List<Field> fields = new ArrayList<>();
    for (org.apache.arrow.vector.types.pojo.Field field : arrowSchema.getFields()) {
      DataType type;
      if (field.getType() instanceof ArrowType.Binary) {
        type = DataType.OBJECT;
      } else {
        try {
          type = DataType.fromArrow(field.getType());
        } catch (LocusException e) {
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR,
              "The result stream of "
                  + request
                  + " has column '"
                  + field.getName()
                  + "' of a type Locus does not read: "
                  + e.getMessage(),
              e);
        }
      }
      fields.add(new Field(field.getName(), type, field.isNullable()));
    }
    return new Schema(fields);
  }

  private static void addRowsWithObjects(
      VectorSchemaRoot root, ObjectBatchCodec codec, List<List<Object>> rows) {
    List<FieldVector> vectors = root.getFieldVectors();
    for (int row = 0; row < root.getRowCount(); row++) {
      List<Object> values = new ArrayList<>(vectors.size());
      for (FieldVector vector : vectors) {
        if (vector instanceof VarBinaryVector binary) {
          values.add(binary.isNull(row) ? null : codec.decodeObject(binary.get(row)));
        } else {
          values.add(Vectors.getObject(vector, row));
        }
      }
      rows.add(values);
    }
  }
}
