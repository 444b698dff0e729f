package dev.locus.shuffle.spill;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local file that frames of one stream go to when they do not fit in memory. One writer appends
 * (space is reserved first, then written with positional writes), readers read by position. The
 * file is deleted when closed.
 */
public final class SpillFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private long size;
  private boolean closed;

  private SpillFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** A new, empty file in {@code directory} (created if missing). */
  public static SpillFile create(Path directory, String prefix) {
    requireNonNull(directory, "directory is null");
    requireNonNull(prefix, "prefix is null");
    try {
      Files.createDirectories(directory);
      Path path = Files.createTempFile(directory, prefix, ".spill");
      FileChannel channel =
          FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      return new SpillFile(path, channel);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot create a spill file in " + directory + ": " + e, e);
    }
  }

  public Path path() {
    return path;
  }

  /** Reserves {@code length} bytes at the end of the file; returns their position. */
  public synchronized long reserve(long length) {
    long position = size;
    size += length;
    return position;
  }

  /** A channel writing sequentially from {@code position}, at most {@code length} bytes. */
  public WritableByteChannel writer(long position, long length) {
    return new RegionWriter(position, length);
  }

  /** Fills {@code target} from the file starting at {@code position}. */
  public void readFully(long position, ByteBuffer target) {
    try {
      long at = position;
      while (target.hasRemaining()) {
        int read = channel.read(target, at);
        if (read < 0) {
          throw new LocusException(
              ErrorCode.IO_ERROR,
              "Spill file " + path + " ended at " + at + " while reading a frame");
        }
        at += read;
      }
    } catch (IOException e) {
      throw new LocusException(ErrorCode.IO_ERROR, "Cannot read spill file " + path + ": " + e, e);
    }
  }

  /** Closes and deletes the file; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot delete spill file " + path + ": " + e, e);
    }
  }

  private final class RegionWriter implements WritableByteChannel {
    private long position;
    private long remaining;

    RegionWriter(long position, long length) {
      this.position = position;
      this.remaining = length;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
      int length = source.remaining();
      if (length > remaining) {
        throw new IOException(
            "Frame overflows its spill region of " + remaining + " bytes by " + length);
      }
      while (source.hasRemaining()) {
        int written = channel.write(source, position);
        position += written;
      }
      remaining -= length;
      return length;
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws ClosedChannelException {}
  }
}
