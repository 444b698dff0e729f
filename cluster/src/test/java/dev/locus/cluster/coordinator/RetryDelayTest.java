package dev.locus.cluster.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A failed task waits before its next attempt, so that a node that is leaving (its tasks' targets
 * fail at once) is removed from the cluster before the attempts run out.
 */
class RetryDelayTest {
  @Test
  void doublesFromFiftyMillisecondsUpToTwoSeconds() {
    assertThat(CoordinatorActor.retryDelay(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(CoordinatorActor.retryDelay(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(CoordinatorActor.retryDelay(6)).isEqualTo(Duration.ofMillis(1_600));
    assertThat(CoordinatorActor.retryDelay(7)).isEqualTo(Duration.ofMillis(2_000));
    assertThat(CoordinatorActor.retryDelay(50)).isEqualTo(Duration.ofMillis(2_000));
  }

  @Test
  void theAttemptsOfATaskSpanSeveralSecondsInAll() {
    long total =
        IntStream.range(1, 8).mapToLong(n -> CoordinatorActor.retryDelay(n).toMillis()).sum();
    // Longer than the failure detector's 2 s acceptable pause: a node that died or is leaving is
    // seen as gone, and its tasks moved, before a task that sends to it has used up its attempts.
    assertThat(total).isEqualTo(5_150);
  }
}
