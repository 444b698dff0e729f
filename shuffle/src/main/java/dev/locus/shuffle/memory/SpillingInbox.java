package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.codec.BatchDecoder;
import dev.locus.shuffle.codec.FrameKind;
import dev.locus.shuffle.spill.SpillFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exchange's inbox on one node, shared by both transports. Streams are kept as encoded frames
 * (Arrow IPC metadata and body, or Kryo bytes): in memory ({@code ArrowBuf}s of the transport's
 * allocator) while the inbox holds less than its memory limit, otherwise appended to one spill file
 * per stream. Receiving never waits for the consumer. A frame's memory is released as soon as it is
 * decoded; a stream's spill file is deleted when it is read, discarded or dropped, or the inbox
 * closed.
 *
 * <p>An inbox can exist before {@code openInbox} (streams that arrived early): it is then
 * <em>pending</em>, bounded by the transport's pending limit, and adopts the schema and limit given
 * to {@code openInbox}. Memory already held stays; new frames spill until usage is below the limit.
 *
 * <p>One lock guards the bookkeeping; bytes are copied outside it.
 */
public final class SpillingInbox implements ExchangeInbox {
  private static final Logger LOG = LoggerFactory.getLogger(SpillingInbox.class);

  private final String exchange;
  private final BufferAllocator allocator;
  private final Path spillDirectory;
  private final Consumer<SpillingInbox> onClose;
  private final long createdNanos = System.nanoTime();

  private Schema schema;
  private long memoryLimit;
  private long memoryUsed;
  private long bytesReceived;
  private long bytesSpilled;
  private final Map<StreamId, StreamBuffer> streams = new LinkedHashMap<>();
  private final Map<StreamId, Gone> gone = new HashMap<>();
  private String closedReason;

  /** Why a stream is no longer held, and whether the same id may be sent again. */
  private record Gone(String reason, boolean acceptsResend) {}

  /** One stream's frames. */
  static final class StreamBuffer {
    final StreamId id;
    org.apache.arrow.vector.types.pojo.Schema arrowSchema;
    final List<StoredFrame> frames = new ArrayList<>();
    SpillFile spill;
    boolean complete;
    boolean writing;
    boolean detached;
    String detachReason;

    StreamBuffer(StreamId id) {
      this.id = id;
    }
  }

  /** A committed frame: in {@code memory}, or at {@code spillPosition} of the stream's file. */
  private record StoredFrame(
      FrameKind kind, int metadataLength, long bodyLength, ArrowBuf memory, long spillPosition) {
    long length() {
      return metadataLength + bodyLength;
    }
  }

  SpillingInbox(
      String exchange,
      BufferAllocator allocator,
      Path spillDirectory,
      long pendingMemoryLimit,
      Consumer<SpillingInbox> onClose) {
    this.exchange = requireNonNull(exchange, "exchange is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.spillDirectory = requireNonNull(spillDirectory, "spillDirectory is null");
    this.onClose = requireNonNull(onClose, "onClose is null");
    this.memoryLimit = pendingMemoryLimit;
  }

  public String exchange() {
    return exchange;
  }

  synchronized void open(Schema schema, long memoryLimitBytes) {
    this.schema = requireNonNull(schema, "schema is null");
    this.memoryLimit = memoryLimitBytes;
  }

  synchronized boolean opened() {
    return schema != null;
  }

  long ageNanos() {
    return System.nanoTime() - createdNanos;
  }

  /** Whether the stream is held: being received, or complete and not yet read or discarded. */
  public synchronized boolean holds(StreamId stream) {
    return streams.containsKey(stream);
  }

  /** Bytes of encoded frames held in memory now. */
  public synchronized long memoryUsed() {
    return memoryUsed;
  }

  private String subject(StreamId id) {
    return "Stream " + id + " of exchange '" + exchange + "'";
  }

  synchronized IncomingStream begin(StreamId id) {
    if (closedReason != null) {
      return IncomingStream.rejected(id, subject(id) + " was refused: " + closedReason);
    }
    StreamBuffer existing = streams.get(id);
    if (existing != null) {
      return IncomingStream.rejected(
          id,
          subject(id)
              + " was refused: it was "
              + (existing.complete ? "already received" : "already being received")
              + " on this node; a re-run must be sent as a new attempt");
    }
    Gone previous = gone.get(id);
    if (previous != null && !previous.acceptsResend()) {
      return IncomingStream.rejected(id, subject(id) + " was refused: it " + previous.reason());
    }
    gone.remove(id);
    StreamBuffer buffer = new StreamBuffer(id);
    streams.put(id, buffer);
    return new IncomingStream(id, this, buffer);
  }

  synchronized void schema(
      StreamBuffer buffer, org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    buffer.arrowSchema = arrowSchema;
  }

  synchronized FrameSlot reserve(
      StreamBuffer buffer, FrameKind kind, int metadataLength, long bodyLength) {
    long length = metadataLength + bodyLength;
    if (buffer.detached) {
      return new FrameSlot(kind, metadataLength, bodyLength, null, null, 0);
    }
    if (memoryUsed + length <= memoryLimit) {
      try {
        ArrowBuf memory = allocator.buffer(length);
        memoryUsed += length;
        buffer.writing = true;
        return new FrameSlot(kind, metadataLength, bodyLength, memory, null, 0);
      } catch (OutOfMemoryException e) {
        // The node is short of direct memory: spill this frame instead.
        LOG.debug("Exchange {} spills a frame: {}", exchange, e.getMessage());
      }
    }
    if (buffer.spill == null) {
      buffer.spill =
          SpillFile.create(
              spillDirectory,
              "locus-"
                  + buffer.id.producer()
                  + "-"
                  + buffer.id.attempt()
                  + "-"
                  + buffer.id.consumer()
                  + "-");
    }
    long position = buffer.spill.reserve(length);
    bytesSpilled += length;
    buffer.writing = true;
    return new FrameSlot(kind, metadataLength, bodyLength, null, buffer.spill, position);
  }

  synchronized void commit(StreamBuffer buffer, FrameSlot slot, boolean filled) {
    if (filled) {
      bytesReceived += slot.length();
    }
    if (slot.memory == null && slot.spill == null) {
      return;
    }
    buffer.writing = false;
    if (filled && !buffer.detached) {
      buffer.frames.add(
          new StoredFrame(
              slot.kind, slot.metadataLength, slot.bodyLength, slot.memory, slot.spillPosition));
      return;
    }
    if (slot.memory != null) {
      slot.memory.close();
      memoryUsed -= slot.length();
    }
    if (buffer.detached) {
      closeSpill(buffer);
    }
  }

  synchronized void complete(StreamBuffer buffer) {
    if (buffer.detached) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE, subject(buffer.id) + " " + buffer.detachReason);
    }
    buffer.complete = true;
    notifyAll();
  }

  synchronized void drop(StreamBuffer buffer, String reason) {
    if (buffer.detached) {
      return;
    }
    if (streams.get(buffer.id) == buffer) {
      streams.remove(buffer.id);
      gone.put(buffer.id, new Gone(reason, true));
    }
    detach(buffer, reason);
  }

  /** Frees a stream's frames (its spill file too, unless a frame is being written to it). */
  private void detach(StreamBuffer buffer, String reason) {
    buffer.detached = true;
    buffer.detachReason = reason;
    for (StoredFrame frame : buffer.frames) {
      release(frame);
    }
    buffer.frames.clear();
    if (!buffer.writing) {
      closeSpill(buffer);
    }
  }

  private void release(StoredFrame frame) {
    if (frame.memory() != null) {
      frame.memory().close();
      memoryUsed -= frame.length();
    }
  }

  private static void closeSpill(StreamBuffer buffer) {
    if (buffer.spill != null) {
      buffer.spill.close();
      buffer.spill = null;
    }
  }

  @Override
  public synchronized Set<StreamId> completed() {
    Set<StreamId> completed = new LinkedHashSet<>();
    for (StreamBuffer buffer : streams.values()) {
      if (buffer.complete) {
        completed.add(buffer.id);
      }
    }
    return completed;
  }

  @Override
  public synchronized boolean awaitCompleted(Collection<StreamId> wanted, Duration timeout) {
    requireNonNull(wanted, "wanted is null");
    requireNonNull(timeout, "timeout is null");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean all = true;
      for (StreamId id : wanted) {
        StreamBuffer buffer = streams.get(id);
        if (buffer == null || !buffer.complete) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
      long remaining = deadline - System.nanoTime();
      if (closedReason != null || remaining <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocusException(
            ErrorCode.JOB_CANCELLED,
            "Interrupted while waiting for streams " + wanted + " of exchange '" + exchange + "'");
      }
    }
  }

  @Override
  public void read(StreamId stream, BufferAllocator target, Consumer<Object> consumer) {
    requireNonNull(stream, "stream is null");
    requireNonNull(target, "allocator is null");
    requireNonNull(consumer, "consumer is null");
    StreamBuffer buffer;
    Schema readSchema;
    synchronized (this) {
      buffer = streams.get(stream);
      if (buffer == null || !buffer.complete) {
        throw new LocusException(
            buffer == null && gone.containsKey(stream) && gone.get(stream).acceptsResend()
                ? ErrorCode.NODE_UNAVAILABLE
                : ErrorCode.INTERNAL_ERROR,
            "Cannot read stream "
                + stream
                + " of exchange '"
                + exchange
                + "': "
                + whyNotReadable(stream, buffer));
      }
      streams.remove(stream);
      gone.put(stream, new Gone("was already read", false));
      readSchema = schema;
    }
    List<StoredFrame> frames = buffer.frames;
    int next = 0;
    try {
      BatchDecoder decoder =
          new BatchDecoder(
              stream + " of exchange '" + exchange + "'", readSchema, buffer.arrowSchema);
      while (next < frames.size()) {
        StoredFrame frame = frames.get(next++);
        Object batch;
        try {
          batch = decode(frame, buffer.spill, decoder, target);
        } finally {
          synchronized (this) {
            release(frame);
          }
        }
        consumer.accept(batch);
      }
    } finally {
      synchronized (this) {
        for (int i = next; i < frames.size(); i++) {
          release(frames.get(i));
        }
        frames.clear();
        closeSpill(buffer);
      }
    }
  }

  private String whyNotReadable(StreamId id, StreamBuffer buffer) {
    if (buffer != null) {
      int batches = buffer.frames.size();
      return "it is not complete (still receiving; "
          + batches
          + (batches == 1 ? " batch" : " batches")
          + " so far)";
    }
    if (closedReason != null) {
      return "the inbox is closed";
    }
    Gone reason = gone.get(id);
    if (reason != null) {
      return "it " + reason.reason();
    }
    return "it has not arrived; complete streams: " + completedSummary();
  }

  private String completedSummary() {
    List<StreamId> ids = new ArrayList<>();
    int count = 0;
    for (StreamBuffer buffer : streams.values()) {
      if (buffer.complete) {
        if (ids.size() < 10) {
          ids.add(buffer.id);
        }
        count++;
      }
    }
    return count > ids.size() ? ids + " and " + (count - ids.size()) + " more" : ids.toString();
  }

  private static Object decode(
      StoredFrame frame, SpillFile spill, BatchDecoder decoder, BufferAllocator target) {
    ByteBuffer metadata = ByteBuffer.allocate(frame.metadataLength());
    if (frame.memory() != null) {
      frame.memory().getBytes(0, metadata);
    } else {
      spill.readFully(frame.spillPosition(), metadata);
    }
    metadata.flip();
    if (frame.kind() == FrameKind.ARROW) {
      ArrowBuf body = target.buffer(frame.bodyLength());
      try {
        if (frame.memory() != null) {
          body.setBytes(0, frame.memory(), frame.metadataLength(), frame.bodyLength());
        } else {
          spill.readFully(
              frame.spillPosition() + frame.metadataLength(),
              body.nioBuffer(0, (int) frame.bodyLength()));
        }
        body.writerIndex(frame.bodyLength());
      } catch (RuntimeException e) {
        body.close();
        throw e;
      }
      return decoder.decodeArrow(metadata, body, target);
    }
    byte[] bytes = new byte[(int) frame.bodyLength()];
    if (frame.memory() != null) {
      frame.memory().getBytes(frame.metadataLength(), bytes);
    } else {
      spill.readFully(frame.spillPosition() + frame.metadataLength(), ByteBuffer.wrap(bytes));
    }
    return decoder.decodeObjects(bytes);
  }

  @Override
  public synchronized void discard(StreamId stream) {
    requireNonNull(stream, "stream is null");
    StreamBuffer buffer = streams.remove(stream);
    gone.put(stream, new Gone("was discarded by the receiver", false));
    if (buffer != null) {
      detach(buffer, "was discarded by the receiver");
    }
  }

  @Override
  public synchronized long bytesReceived() {
    return bytesReceived;
  }

  @Override
  public synchronized long bytesSpilled() {
    return bytesSpilled;
  }

  @Override
  public void close() {
    closeWith("exchange '" + exchange + "' is closed on this node");
  }

  /** Drops every stream with {@code reason} and refuses later ones; idempotent. */
  void closeWith(String reason) {
    synchronized (this) {
      if (closedReason != null) {
        return;
      }
      closedReason = reason;
      for (StreamBuffer buffer : streams.values()) {
        detach(buffer, "was dropped: " + reason);
      }
      streams.clear();
      notifyAll();
    }
    onClose.accept(this);
  }

  synchronized String closedReason() {
    return closedReason;
  }
}
