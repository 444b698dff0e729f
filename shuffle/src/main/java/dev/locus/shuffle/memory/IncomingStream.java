package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.codec.FrameKind;

/**
 * The writing end of one stream inside an inbox, used by the thread that receives it: reserve a
 * slot per frame, fill it, commit it; then {@link #complete()} or {@link #drop}. A stream that the
 * receiver refused (exchange closed, duplicate, discarded) accepts frames and throws the reason at
 * {@code complete}, so its sender learns it at {@code finish}.
 */
public final class IncomingStream {
  private final StreamId id;
  private final SpillingInbox inbox;
  private final SpillingInbox.StreamBuffer buffer;
  private final String rejection;

  IncomingStream(StreamId id, SpillingInbox inbox, SpillingInbox.StreamBuffer buffer) {
    this.id = requireNonNull(id, "id is null");
    this.inbox = requireNonNull(inbox, "inbox is null");
    this.buffer = requireNonNull(buffer, "buffer is null");
    this.rejection = null;
  }

  private IncomingStream(StreamId id, String rejection) {
    this.id = requireNonNull(id, "id is null");
    this.inbox = null;
    this.buffer = null;
    this.rejection = requireNonNull(rejection, "rejection is null");
  }

  /** A stream the receiver refused; {@link #complete()} throws {@code rejection}. */
  static IncomingStream rejected(StreamId id, String rejection) {
    return new IncomingStream(id, rejection);
  }

  public StreamId id() {
    return id;
  }

  /** The Arrow schema the sender announced (Arrow streams only; before any frame). */
  public void schema(org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    if (buffer != null) {
      inbox.schema(buffer, arrowSchema);
    }
  }

  /** Room for a frame of {@code metadataLength + bodyLength} bytes. */
  public FrameSlot reserve(FrameKind kind, int metadataLength, long bodyLength) {
    if (buffer == null) {
      return new FrameSlot(kind, metadataLength, bodyLength, null, null, 0);
    }
    return inbox.reserve(buffer, kind, metadataLength, bodyLength);
  }

  /** Adds a filled slot to the stream (or frees it if the stream is gone meanwhile). */
  public void commit(FrameSlot slot) {
    if (buffer != null) {
      inbox.commit(buffer, slot, true);
    }
  }

  /** Frees a slot that could not be filled; the stream is dropped next. */
  public void abandon(FrameSlot slot) {
    if (buffer != null) {
      inbox.commit(buffer, slot, false);
    }
  }

  /**
   * Marks the stream complete.
   *
   * @throws LocusException if the receiver refused or dropped the stream, with the reason
   */
  public void complete() {
    if (buffer == null) {
      throw new LocusException(ErrorCode.NODE_UNAVAILABLE, rejection);
    }
    inbox.complete(buffer);
  }

  /** Drops the stream (its sender aborted or disconnected): it will never be complete. */
  public void drop(String reason) {
    if (buffer != null) {
      inbox.drop(buffer, reason);
    }
  }
}
