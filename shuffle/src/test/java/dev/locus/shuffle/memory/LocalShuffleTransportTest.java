package dev.locus.shuffle.memory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.ShuffleTransportContract;
import dev.locus.shuffle.StreamId;
import org.junit.jupiter.api.Test;

class LocalShuffleTransportTest extends ShuffleTransportContract {
  private final LocalShuffleNetwork network = new LocalShuffleNetwork();

  @Override
  protected ShuffleTransport newTransport(String name, ShuffleConfig config) {
    return network.join(name, config);
  }

  @Test
  void failsToReachAnUnknownNode() {
    assertThatThrownBy(
            () ->
                sender.openOutbox(
                    new ShuffleAddress("elsewhere", 0), "x", new StreamId(0, 0, 0), LONGS))
        .hasMessage("No local shuffle node at elsewhere:0; nodes: [receiver:0, sender:0]");
  }
}
