package dev.locus.shuffle;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The receiving end of an exchange on one node: it collects every stream sent to the exchange,
 * keeps complete streams until they are read or discarded, and drops streams whose sender aborted
 * or disconnected. Thread-safe.
 */
public interface ExchangeInbox extends AutoCloseable {
  /**
   * Streams received in full (their sender called {@code finish}) and still held: not yet read or
   * discarded.
   */
  Set<StreamId> completed();

  /**
   * Waits until every one of {@code streams} is in {@link #completed()}, at most {@code timeout}.
   *
   * @return whether they all are; false on timeout or when the inbox is closed
   */
  boolean awaitCompleted(Collection<StreamId> streams, Duration timeout);

  /**
   * Decodes a complete stream's batches, in the order sent, into {@code allocator} and hands each
   * to {@code consumer}, which owns it. A stream can be read once; it is released after reading.
   *
   * @throws dev.locus.core.error.LocusException if the stream is not complete
   */
  void read(StreamId stream, BufferAllocator allocator, Consumer<Object> consumer);

  /** Releases a stream (complete or not) without reading it: a failed or superseded attempt. */
  void discard(StreamId stream);

  /** Encoded bytes received so far on this exchange (all streams, discarded ones included). */
  long bytesReceived();

  /** Encoded bytes that did not fit in memory and went to local disk. */
  long bytesSpilled();

  /** Releases every stream and deletes spill files. */
  @Override
  void close();
}
