package dev.locus.shuffle;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a node's shuffle transport that are not per exchange.
 *
 * @param spillDirectory where inboxes write the frames that do not fit in memory (one file per
 *     stream, deleted when the stream is read or discarded or its inbox closed)
 * @param pendingMemoryLimitBytes memory bound of an exchange whose streams arrive before {@link
 *     ShuffleTransport#openInbox} was called for it; beyond it they spill. Once the inbox is
 *     opened, its own limit applies.
 * @param pendingTimeout how long streams of an exchange that was never opened are kept: after it,
 *     they are dropped (memory freed, spill files deleted), senders still sending get an error at
 *     {@code finish}, and a later {@code read} says why the stream is gone
 */
public record ShuffleConfig(
    Path spillDirectory, long pendingMemoryLimitBytes, Duration pendingTimeout) {
  public ShuffleConfig {
    requireNonNull(spillDirectory, "spillDirectory is null");
    requireNonNull(pendingTimeout, "pendingTimeout is null");
    if (pendingMemoryLimitBytes < 0) {
      throw new IllegalArgumentException(
          "pendingMemoryLimitBytes must be >= 0; found " + pendingMemoryLimitBytes);
    }
    if (pendingTimeout.isNegative() || pendingTimeout.isZero()) {
      throw new IllegalArgumentException(
          "pendingTimeout must be positive; found " + pendingTimeout);
    }
  }

  /** {@code java.io.tmpdir/locus-spill}, 64 MB for early streams, kept 10 minutes. */
  public static ShuffleConfig defaults() {
    return new ShuffleConfig(
        Path.of(System.getProperty("java.io.tmpdir"), "locus-spill"),
        64L << 20,
        Duration.ofMinutes(10));
  }

  public ShuffleConfig withSpillDirectory(Path directory) {
    return new ShuffleConfig(directory, pendingMemoryLimitBytes, pendingTimeout);
  }

  public ShuffleConfig withPendingMemoryLimitBytes(long bytes) {
    return new ShuffleConfig(spillDirectory, bytes, pendingTimeout);
  }

  public ShuffleConfig withPendingTimeout(Duration timeout) {
    return new ShuffleConfig(spillDirectory, pendingMemoryLimitBytes, timeout);
  }
}
