package dev.locus.shuffle.codec;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns the batches of one stream into {@link EncodedBatch}es: Arrow {@link VectorSchemaRoot}s as
 * Arrow IPC record-batch messages (the buffers are referenced, not copied), object batches ({@code
 * List<Object>}) with {@link ObjectBatchCodec}. A stream of an OBJECT schema ({@link
 * Schema#isObjects()}) carries object batches, any other stream Arrow batches of its schema's
 * types.
 */
public final class BatchEncoder {
  /** Writing needs no class loader (classes are written by name), so one codec serves all. */
  private static final ObjectBatchCodec OBJECT_CODEC =
      new ObjectBatchCodec(BatchEncoder.class.getClassLoader());

  private final String subject;
  private final Schema schema;
  private final org.apache.arrow.vector.types.pojo.Schema arrowSchema;

  /**
   * @param subject names the stream in error messages
   */
  public BatchEncoder(String subject, Schema schema) {
    this.subject = requireNonNull(subject, "subject is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.arrowSchema = schema.isObjects() ? null : schema.toArrow();
  }

  /** Whether the stream carries object batches (and so sends no Arrow schema). */
  public boolean objects() {
    return arrowSchema == null;
  }

  /** The stream's Arrow schema, for Arrow streams. */
  public org.apache.arrow.vector.types.pojo.Schema arrowSchema() {
    return arrowSchema;
  }

  /** The Arrow IPC schema message (flatbuffer), padded to 8 bytes. */
  public ByteBuffer schemaMessage() {
    return EncodedBatch.padded(MessageSerializer.serializeMetadata(arrowSchema));
  }

  /** Encodes a batch; the caller keeps ownership of an Arrow batch and closes the result. */
  public EncodedBatch encode(Object batch) {
    requireNonNull(batch, "batch is null");
    if (batch instanceof VectorSchemaRoot root) {
      if (arrowSchema == null) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Stream "
                + subject
                + " carries object batches (schema "
                + schema
                + "); found an Arrow batch of "
                + root.getSchema());
      }
      checkTypes(root);
      // No compression, buffers aligned to 8 as Arrow IPC requires.
      return EncodedBatch.arrow(new VectorUnloader(root, true, true).getRecordBatch());
    }
    if (batch instanceof List<?> list) {
      if (arrowSchema != null) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Stream "
                + subject
                + " carries Arrow batches of "
                + schema
                + "; found an object batch of "
                + list.size()
                + " elements");
      }
      return EncodedBatch.objects(OBJECT_CODEC.encode(list));
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Stream "
            + subject
            + " sends VectorSchemaRoot or List batches; found "
            + batch.getClass().getName());
  }

  private void checkTypes(VectorSchemaRoot root) {
    List<Field> expected = arrowSchema.getFields();
    List<Field> found = root.getSchema().getFields();
    boolean same = expected.size() == found.size();
    for (int i = 0; same && i < expected.size(); i++) {
      same = expected.get(i).getType().equals(found.get(i).getType());
    }
    if (!same) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Stream "
              + subject
              + " carries batches of "
              + schema
              + "; found a batch of "
              + Schema.fromArrow(root.getSchema()));
    }
  }
}
