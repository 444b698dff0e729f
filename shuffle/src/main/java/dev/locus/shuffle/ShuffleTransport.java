package dev.locus.shuffle;

import dev.locus.core.type.Schema;

/**
 * A node's data plane: bulk data between tasks travels here, never in actor messages. One transport
 * per node; an exchange is named by a key unique in the cluster (for example {@code
 * job-7/exchange-2}).
 */
public interface ShuffleTransport extends AutoCloseable {
  /** Where other nodes send to reach this node's inboxes. */
  ShuffleAddress address();

  /**
   * Starts receiving the streams of an exchange on this node. Streams may arrive before or after
   * this call returns; the inbox keeps at most {@code memoryLimitBytes} of encoded batches in
   * memory and spills the rest to local disk.
   */
  ExchangeInbox openInbox(String exchange, Schema schema, long memoryLimitBytes);

  /**
   * Opens one stream to an exchange's inbox on the node at {@code target} (this node included).
   * Sending blocks while the receiver is behind (back-pressure).
   */
  BatchOutbox openOutbox(ShuffleAddress target, String exchange, StreamId stream, Schema schema);

  /**
   * Drops what this node holds for exchanges whose key starts with {@code prefix} and that were
   * never opened (a job that ended before their consumer ran).
   */
  void dropPending(String prefix, String reason);

  @Override
  void close();
}
