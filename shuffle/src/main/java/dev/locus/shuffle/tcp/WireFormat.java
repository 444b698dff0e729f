package dev.locus.shuffle.tcp;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.StreamId;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of a shuffle connection (little-endian, every section padded to 8 bytes so that
 * Arrow buffers stay aligned). A connection carries streams one after another:
 *
 * <pre>
 * stream header: int magic 'LCS1', int version, int exchange length, int producer, int attempt,
 *                int consumer, exchange key (UTF-8, padded)
 * frame:         int kind, int metadata length (padded), long body length,
 *                metadata, body, padding of the body to 8
 *   SCHEMA   metadata = Arrow IPC schema message (Arrow streams only, first)
 *   ARROW    metadata = Arrow IPC record-batch message, body = its buffers
 *   OBJECTS  body = ObjectBatchCodec bytes
 *   END      (empty) -- the receiver answers with an acknowledgement
 *   ABORT    body = reason (UTF-8); no answer
 * acknowledgement (receiver to sender): int status (0 complete, 1 refused), int message length,
 *                message (UTF-8)
 * </pre>
 */
final class WireFormat {
  static final int MAGIC = 0x3153434C; // "LCS1" in little-endian
  static final int VERSION = 1;
  static final int STREAM_HEADER_BYTES = 24;
  static final int FRAME_HEADER_BYTES = 16;
  static final int STATUS_COMPLETE = 0;
  static final int STATUS_REFUSED = 1;

  /** Upper bound of a frame's metadata, to reject garbage before allocating. */
  static final int MAX_METADATA_BYTES = 64 << 20;

  private WireFormat() {}

  /** The stream header of {@code stream} into {@code exchange}. */
  static ByteBuffer streamHeader(String exchange, StreamId stream) {
    byte[] key = exchange.getBytes(StandardCharsets.UTF_8);
    ByteBuffer header =
        ByteBuffer.allocate(STREAM_HEADER_BYTES + align8(key.length))
            .order(ByteOrder.LITTLE_ENDIAN);
    header
        .putInt(MAGIC)
        .putInt(VERSION)
        .putInt(key.length)
        .putInt(stream.producer())
        .putInt(stream.attempt())
        .putInt(stream.consumer())
        .put(key);
    header.clear();
    return header;
  }

  static int align8(int length) {
    return (length + 7) & ~7;
  }

  /** Fills {@code buffer}; false if the channel ended before the first byte. */
  static boolean readFullyOrEnd(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
    boolean first = true;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer);
      if (read < 0) {
        if (first && buffer.position() == 0) {
          return false;
        }
        throw new EOFException(
            "connection closed after " + buffer.position() + " of " + buffer.limit() + " bytes");
      }
      first = false;
    }
    return true;
  }

  static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
    if (!readFullyOrEnd(channel, buffer)) {
      throw new EOFException("connection closed");
    }
  }

  static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  static ByteBuffer acknowledgement(int status, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    ByteBuffer ack = ByteBuffer.allocate(8 + bytes.length).order(ByteOrder.LITTLE_ENDIAN);
    ack.putInt(status).putInt(bytes.length).put(bytes);
    ack.flip();
    return ack;
  }

  /** Reads an acknowledgement: null when complete, otherwise the receiver's reason. */
  static String readAcknowledgement(ReadableByteChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(channel, head);
    head.flip();
    int status = head.getInt();
    int length = head.getInt();
    if (length < 0 || length > MAX_METADATA_BYTES) {
      throw new IOException("malformed acknowledgement: message length " + length);
    }
    ByteBuffer message = ByteBuffer.allocate(length);
    readFully(channel, message);
    if (status == STATUS_COMPLETE) {
      return null;
    }
    if (status != STATUS_REFUSED) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT, "Unknown shuffle acknowledgement status " + status);
    }
    return new String(message.array(), StandardCharsets.UTF_8);
  }
}
