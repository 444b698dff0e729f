package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes; the tests' only way of waiting. A short
 * pause between polls keeps the loop from spinning on the CI machine's two cores.
 */
final class Await {
  /** Pause between two polls. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private Await() {}

  /**
   * Polls {@code probe} until it returns a value and returns that value; fails with {@code what}
   * and the last state {@code probe} reported once {@code timeout} has passed.
   *
   * @param what what is awaited, for the failure message ("3 members Up")
   * @param probe the value once the condition holds, else empty; it may throw, which counts as "not
   *     yet" (the exception's message is kept as the last state)
   */
  static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
    return until(what, timeout, probe, () -> "");
  }

  /** As {@link #until(String, Duration, Supplier)}, with the state to report on a timeout. */
  static <T> T until(
      String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> state) {
    requireNonNull(what, "what is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(probe, "probe is null");
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastError = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline >= 0) {
        String last = lastError != null ? "last error: " + lastError : "last state: " + state.get();
        AssertionError failure =
            new AssertionError("Timed out after " + timeout + " waiting for " + what + "; " + last);
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      pause();
    }
  }

  /** Waits for {@code condition} to hold. */
  static void untilTrue(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting", e);
    }
  }
}
