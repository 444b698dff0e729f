package dev.locus.shuffle.tcp;

import dev.locus.core.error.LocusException;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.codec.BatchDecoder;
import dev.locus.shuffle.codec.FrameKind;
import dev.locus.shuffle.memory.FrameSlot;
import dev.locus.shuffle.memory.InboxRegistry;
import dev.locus.shuffle.memory.IncomingStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the streams of one connection, one after another, into the node's inboxes. Frames that
 * fit the inbox's memory are read from the socket straight into their buffer; others go through a
 * staging buffer to the spill file. Never waits for a consumer. When the connection ends in the
 * middle of a stream, the stream is dropped.
 */
final class TcpReceiver implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpReceiver.class);

  private static final int STAGING_BYTES = 1 << 20;

  private final SocketChannel channel;
  private final InboxRegistry registry;
  private final Runnable onExit;
  private final ReadChannel in;
  private final ByteBuffer header =
      ByteBuffer.allocateDirect(WireFormat.STREAM_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private ByteBuffer staging;

  TcpReceiver(SocketChannel channel, InboxRegistry registry, Runnable onExit) {
    this.channel = channel;
    this.registry = registry;
    this.onExit = onExit;
    this.in = new ReadChannel(channel);
  }

  @Override
  public void run() {
    try {
      while (receiveStream()) {
        // Next stream on the same connection.
      }
    } catch (IOException e) {
      // A sender that went away (its node stopped or was killed): the stream in progress was
      // dropped, and the connection is of no further use.
      LOG.debug("Shuffle connection closed: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("Shuffle connection dropped after an error; its stream in progress is lost", e);
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Closing a broken shuffle connection failed: {}", e.toString());
      }
      onExit.run();
    }
  }

  /** Receives one stream; false when the connection ended cleanly between streams. */
  private boolean receiveStream() throws IOException {
    header.clear();
    if (!WireFormat.readFullyOrEnd(channel, header)) {
      return false;
    }
    header.flip();
    int magic = header.getInt();
    int version = header.getInt();
    int keyLength = header.getInt();
    if (magic != WireFormat.MAGIC || version != WireFormat.VERSION) {
      throw new IOException(
          "not a Locus shuffle stream (magic " + magic + ", version " + version + ")");
    }
    if (keyLength < 0 || keyLength > WireFormat.MAX_METADATA_BYTES) {
      throw new IOException("malformed stream header: exchange key length " + keyLength);
    }
    StreamId id = new StreamId(header.getInt(), header.getInt(), header.getInt());
    ByteBuffer key = ByteBuffer.allocate(WireFormat.align8(keyLength));
    WireFormat.readFully(channel, key);
    String exchange = new String(key.array(), 0, keyLength, StandardCharsets.UTF_8);
    IncomingStream stream = registry.begin(exchange, id);
    try {
      receiveFrames(stream);
      return true;
    } catch (IOException | RuntimeException | Error e) {
      // An Error (say, out of memory) must not leave a half-received stream looking alive.
      stream.drop("was dropped: its sender disconnected (" + e.getMessage() + ")");
      throw e;
    }
  }

  private void receiveFrames(IncomingStream stream) throws IOException {
    while (true) {
      header.clear().limit(WireFormat.FRAME_HEADER_BYTES);
      WireFormat.readFully(channel, header);
      header.flip();
      FrameKind kind = FrameKind.fromCode(header.getInt());
      int metadataLength = header.getInt();
      long bodyLength = header.getLong();
      if (metadataLength < 0
          || metadataLength > WireFormat.MAX_METADATA_BYTES
          || (metadataLength & 7) != 0
          || bodyLength < 0
          || bodyLength + metadataLength > Integer.MAX_VALUE) {
        throw new IOException(
            "malformed " + kind + " frame: metadata " + metadataLength + ", body " + bodyLength);
      }
      switch (kind) {
        case SCHEMA -> {
          ByteBuffer message = ByteBuffer.allocate(metadataLength);
          WireFormat.readFully(channel, message);
          skip(bodyLength + padding(bodyLength));
          message.flip();
          stream.schema(BatchDecoder.decodeSchema(message));
        }
        case ARROW, OBJECTS -> {
          FrameSlot slot = stream.reserve(kind, metadataLength, bodyLength);
          boolean filled = false;
          try {
            fill(slot);
            filled = true;
          } finally {
            if (filled) {
              stream.commit(slot);
            } else {
              stream.abandon(slot);
            }
          }
          skip(padding(bodyLength));
        }
        case END -> {
          ByteBuffer ack;
          try {
            stream.complete();
            ack = WireFormat.acknowledgement(WireFormat.STATUS_COMPLETE, "");
          } catch (LocusException e) {
            ack = WireFormat.acknowledgement(WireFormat.STATUS_REFUSED, e.getMessage());
          }
          WireFormat.writeFully(channel, ack);
          return;
        }
        case ABORT -> {
          ByteBuffer reason = ByteBuffer.allocate((int) bodyLength);
          WireFormat.readFully(channel, reason);
          skip(padding(bodyLength));
          stream.drop(
              "was aborted by its sender: " + new String(reason.array(), StandardCharsets.UTF_8));
          return;
        }
      }
    }
  }

  private void fill(FrameSlot slot) throws IOException {
    long length = slot.length();
    if (slot.memory() != null) {
      // hot path: socket straight into the frame's memory
      if (in.readFully(slot.memory(), length) != length) {
        throw new EOFException("connection closed inside a frame of " + length + " bytes");
      }
      return;
    }
    WritableByteChannel target = slot.channel();
    ByteBuffer buffer = staging();
    long remaining = length;
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      WireFormat.readFully(channel, buffer);
      buffer.flip();
      remaining -= buffer.remaining();
      WireFormat.writeFully(target, buffer);
    }
  }

  private void skip(long bytes) throws IOException {
    if (bytes == 0) {
      return;
    }
    ByteBuffer buffer = bytes <= 8 ? ByteBuffer.allocate(8) : staging();
    long remaining = bytes;
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
      WireFormat.readFully(channel, buffer);
      remaining -= buffer.limit();
    }
  }

  private static long padding(long bodyLength) {
    return ((bodyLength + 7) & ~7L) - bodyLength;
  }

  private ByteBuffer staging() {
    if (staging == null) {
      staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    }
    return staging;
  }
}
