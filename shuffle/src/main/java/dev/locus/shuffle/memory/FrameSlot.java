package dev.locus.shuffle.memory;

import dev.locus.shuffle.codec.FrameKind;
import dev.locus.shuffle.spill.SpillFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Room for one frame (its metadata followed by its body) that a receiver fills and then commits
 * with {@link IncomingStream#commit}: memory, a region of the stream's spill file, or nowhere (the
 * stream was dropped, discarded or rejected; the bytes are still read off the wire and counted).
 */
public final class FrameSlot {
  final FrameKind kind;
  final int metadataLength;
  final long bodyLength;
  final ArrowBuf memory;
  final SpillFile spill;
  final long spillPosition;

  FrameSlot(
      FrameKind kind,
      int metadataLength,
      long bodyLength,
      ArrowBuf memory,
      SpillFile spill,
      long spillPosition) {
    this.kind = kind;
    this.metadataLength = metadataLength;
    this.bodyLength = bodyLength;
    this.memory = memory;
    this.spill = spill;
    this.spillPosition = spillPosition;
  }

  /** Metadata plus body bytes. */
  public long length() {
    return metadataLength + bodyLength;
  }

  /**
   * The memory to fill (its first {@link #length()} bytes), or null if the frame goes elsewhere.
   */
  public ArrowBuf memory() {
    return memory;
  }

  /** A channel that takes exactly {@link #length()} bytes into the slot, wherever it is. */
  public WritableByteChannel channel() {
    if (memory != null) {
      return new BufferWriter(memory.nioBuffer(0, (int) length()));
    }
    if (spill != null) {
      return spill.writer(spillPosition, length());
    }
    return new BufferWriter(null);
  }

  /** Writes into a byte buffer, or drops the bytes when there is none. */
  private static final class BufferWriter implements WritableByteChannel {
    private final ByteBuffer target;

    BufferWriter(ByteBuffer target) {
      this.target = target;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      int length = source.remaining();
      if (target == null) {
        source.position(source.limit());
        return length;
      }
      if (length > target.remaining()) {
        throw new IOException(
            "Frame overflows its slot of " + target.capacity() + " bytes by " + length);
      }
      target.put(source);
      return length;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
