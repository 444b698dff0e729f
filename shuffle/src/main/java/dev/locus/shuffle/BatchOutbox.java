package dev.locus.shuffle;

/**
 * The sending end of one stream. Batches are Arrow {@code VectorSchemaRoot}s (encoded as Arrow IPC)
 * or object batches ({@code List<Object>}, encoded with Kryo). Not thread-safe: one task writes it.
 */
public interface BatchOutbox extends AutoCloseable {
  /**
   * Sends a batch. The caller keeps ownership of an Arrow batch and may close or reuse it once this
   * returns. Blocks while the receiver is behind.
   */
  void send(Object batch);

  /** Ends the stream and waits until the receiver has it all; only then is it complete. */
  void finish();

  /**
   * Abandons the stream: the receiver drops what it got. Called when the task fails; also what
   * {@link #close()} does if {@link #finish()} was not called.
   */
  void abort(String reason);

  @Override
  void close();
}
