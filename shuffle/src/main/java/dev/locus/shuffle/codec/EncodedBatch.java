package dev.locus.shuffle.codec;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;

/**
 * One batch ready to be written: a frame kind, metadata (the Arrow IPC message flatbuffer, padded
 * to 8 bytes; empty for object batches) and a body (the Arrow buffers, written straight from the
 * sender's vectors, or the Kryo bytes). Holds a reference on the Arrow buffers until closed.
 */
public final class EncodedBatch implements AutoCloseable {
  private final FrameKind kind;
  private final ByteBuffer metadata;
  private final long bodyLength;
  private final ArrowRecordBatch recordBatch;
  private final byte[] objectBytes;

  private EncodedBatch(
      FrameKind kind,
      ByteBuffer metadata,
      long bodyLength,
      ArrowRecordBatch recordBatch,
      byte[] objectBytes) {
    this.kind = kind;
    this.metadata = metadata;
    this.bodyLength = bodyLength;
    this.recordBatch = recordBatch;
    this.objectBytes = objectBytes;
  }

  static EncodedBatch arrow(ArrowRecordBatch recordBatch) {
    requireNonNull(recordBatch, "recordBatch is null");
    return new EncodedBatch(
        FrameKind.ARROW,
        padded(MessageSerializer.serializeMetadata(recordBatch)),
        recordBatch.computeBodyLength(),
        recordBatch,
        null);
  }

  static EncodedBatch objects(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    return new EncodedBatch(FrameKind.OBJECTS, ByteBuffer.allocate(0), bytes.length, null, bytes);
  }

  /** A copy of {@code buffer}'s remaining bytes with zeros up to a multiple of 8. */
  static ByteBuffer padded(ByteBuffer buffer) {
    int length = buffer.remaining();
    ByteBuffer copy = ByteBuffer.allocate(FrameLayout.align8(length));
    copy.put(buffer.duplicate());
    copy.clear();
    return copy;
  }

  public FrameKind kind() {
    return kind;
  }

  /** Metadata bytes, a multiple of 8. */
  public int metadataLength() {
    return metadata.capacity();
  }

  /** Body bytes (for Arrow, a multiple of 8: Arrow pads every buffer). */
  public long bodyLength() {
    return bodyLength;
  }

  /** A read-only view of the metadata. */
  public ByteBuffer metadata() {
    return metadata.asReadOnlyBuffer();
  }

  /**
   * Writes the body to {@code out}, whose position must be a multiple of 8 (Arrow aligns buffers
   * relative to it). Arrow buffers go to the channel without a copy.
   */
  public void writeBody(WriteChannel out) throws IOException {
    if (recordBatch != null) {
      long written = MessageSerializer.writeBatchBuffers(out, recordBatch);
      if (written != bodyLength) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Arrow record batch body was " + written + " bytes; its layout says " + bodyLength);
      }
    } else {
      out.write(objectBytes);
    }
  }

  @Override
  public void close() {
    if (recordBatch != null) {
      recordBatch.close();
    }
  }
}
