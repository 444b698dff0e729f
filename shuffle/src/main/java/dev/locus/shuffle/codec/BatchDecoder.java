package dev.locus.shuffle.codec;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Turns the frames of one stream back into batches: Arrow batches with the receiver's schema (its
 * column names; the types must be the sender's), object batches with the thread's context class
 * loader (the job's classes).
 */
public final class BatchDecoder {
  private final String subject;
  private final Schema schema;
  private final org.apache.arrow.vector.types.pojo.Schema arrowSchema;
  private ObjectBatchCodec objectCodec;

  /**
   * @param subject names the stream in error messages
   * @param schema the receiver's schema
   * @param sentSchema the Arrow schema the sender announced, or null for an object stream
   */
  public BatchDecoder(
      String subject, Schema schema, org.apache.arrow.vector.types.pojo.Schema sentSchema) {
    this.subject = requireNonNull(subject, "subject is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.arrowSchema = schema.isObjects() ? null : schema.toArrow();
    if (sentSchema == null && arrowSchema != null) {
      throw mismatch("object batches");
    }
    if (sentSchema != null) {
      if (arrowSchema == null) {
        throw mismatch("Arrow batches of " + describe(sentSchema));
      }
      List<Field> expected = arrowSchema.getFields();
      List<Field> found = sentSchema.getFields();
      boolean same = expected.size() == found.size();
      for (int i = 0; same && i < expected.size(); i++) {
        same = expected.get(i).getType().equals(found.get(i).getType());
      }
      if (!same) {
        throw mismatch("batches of " + describe(sentSchema));
      }
    }
  }

  private static String describe(org.apache.arrow.vector.types.pojo.Schema sentSchema) {
    try {
      return Schema.fromArrow(sentSchema).toString();
    } catch (LocusException e) {
      return sentSchema.toString();
    }
  }

  private LocusException mismatch(String found) {
    return new LocusException(
        ErrorCode.TYPE_MISMATCH,
        "Stream " + subject + " was read as " + schema + "; its sender sent " + found);
  }

  /** The Arrow schema in a padded Arrow IPC schema message. */
  public static org.apache.arrow.vector.types.pojo.Schema decodeSchema(ByteBuffer message) {
    Message flatbuffer = Message.getRootAsMessage(message.duplicate());
    if (flatbuffer.headerType() != MessageHeader.Schema) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "Expected an Arrow schema message; found message type " + flatbuffer.headerType());
    }
    return MessageSerializer.deserializeSchema(flatbuffer);
  }

  /**
   * An Arrow batch from its record-batch message metadata and body. Takes ownership of {@code
   * body}, which must be allocated by {@code allocator}.
   */
  public VectorSchemaRoot decodeArrow(
      ByteBuffer metadata, ArrowBuf body, BufferAllocator allocator) {
    ArrowRecordBatch recordBatch;
    try {
      Message message = Message.getRootAsMessage(metadata);
      if (message.headerType() != MessageHeader.RecordBatch) {
        throw new LocusException(
            ErrorCode.MALFORMED_INPUT,
            "Stream "
                + subject
                + ": expected an Arrow record batch; found "
                + message.headerType());
      }
      // Slices the body into the batch's buffers and hands its reference to them.
      recordBatch = MessageSerializer.deserializeRecordBatch(message, body);
    } catch (IOException | RuntimeException e) {
      body.close();
      if (e instanceof LocusException locus) {
        throw locus;
      }
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "Stream " + subject + ": cannot decode an Arrow record batch: " + e.getMessage(),
          e);
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator);
    try (recordBatch) {
      new VectorLoader(root).load(recordBatch);
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** An object batch from its bytes, with classes from the thread's context class loader. */
  public List<Object> decodeObjects(byte[] bytes) {
    if (objectCodec == null) {
      objectCodec = new ObjectBatchCodec();
    }
    return objectCodec.decode(bytes);
  }
}
