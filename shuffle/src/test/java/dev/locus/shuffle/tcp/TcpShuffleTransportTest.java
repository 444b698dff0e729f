package dev.locus.shuffle.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.ShuffleTransportContract;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.memory.LocalOutbox;
import dev.locus.shuffle.memory.SpillingInbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class TcpShuffleTransportTest extends ShuffleTransportContract {
  @Override
  protected ShuffleTransport newTransport(String name, ShuffleConfig config) {
    return TcpShuffleTransport.start(config);
  }

  @Test
  void dropsTheStreamOfASenderThatDisconnects() {
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(5, 0, 2);
    TcpOutbox outbox = (TcpOutbox) sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
    try (VectorSchemaRoot root = longs(0, 1000)) {
      outbox.send(root);
      outbox.send(root);
    }
    await(() -> inbox.bytesReceived() > 0 && inbox.holds(id), "the batches arrive");
    outbox.disconnectAbruptly();
    await(() -> !inbox.holds(id), "the stream is dropped");
    assertThat(inbox.memoryUsed()).isZero();
    assertThat(inbox.completed()).isEmpty();
    assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Cannot read stream producer 5 attempt 0 -> consumer 2 of exchange"
                + " 'job-1/exchange-2': it was dropped: its sender disconnected (connection"
                + " closed)")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NODE_UNAVAILABLE);
  }

  @Test
  void failsTheSenderWhenTheReceiverStopsMidStream() {
    receiver.openInbox(EXCHANGE, LONGS, 1 << 20);
    BatchOutbox outbox =
        sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(0, 0, 0), LONGS);
    try (VectorSchemaRoot root = longs(0, 10)) {
      outbox.send(root);
    }
    receiver.close();
    assertThatThrownBy(outbox::finish)
        .isInstanceOf(LocusException.class)
        .hasMessageStartingWith(
            "Lost the shuffle connection to "
                + receiver.address()
                + " with stream producer 0 attempt 0 -> consumer 0 of exchange"
                + " 'job-1/exchange-2': java.");
    outbox.close();
  }

  @Test
  void reusesAConnectionForTheNextStream() {
    var inbox = receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    for (int p = 0; p < 3; p++) {
      try (BatchOutbox outbox =
              sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(p, 0, 0), LONGS);
          VectorSchemaRoot root = longs(p, 1)) {
        outbox.send(root);
        outbox.finish();
      }
    }
    for (int p = 0; p < 3; p++) {
      assertThat(readRows(inbox, new StreamId(p, 0, 0)))
          .containsExactly(List.of(List.of((long) p)));
    }
  }

  @Test
  void sendsToItsOwnAddressWithoutASocket() {
    var inbox = receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(0, 0, 0);
    try (BatchOutbox outbox = receiver.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(7, 2)) {
      assertThat(outbox).isInstanceOf(LocalOutbox.class);
      outbox.send(root);
      outbox.finish();
    }
    assertThat(readRows(inbox, id)).containsExactly(List.of(List.of(7L), List.of(8L)));
  }

  @Test
  void failsClearlyWhenTheTargetIsDown() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ShuffleAddress down = new ShuffleAddress("127.0.0.1", port);
    assertThatThrownBy(() -> sender.openOutbox(down, EXCHANGE, new StreamId(0, 0, 0), LONGS))
        .isInstanceOf(LocusException.class)
        .hasMessageStartingWith(
            "Cannot connect to the shuffle server at 127.0.0.1:"
                + port
                + " to send stream producer 0 attempt 0 -> consumer 0 of exchange"
                + " 'job-1/exchange-2': java.net.ConnectException");
  }

  @Test
  void readsLargeBatchesAcrossTheSocket() {
    var inbox = receiver.openInbox(EXCHANGE, LONGS, 256 << 20);
    StreamId id = new StreamId(0, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(0, Batches.DEFAULT_BATCH_SIZE)) {
      for (int b = 0; b < 8; b++) {
        outbox.send(root);
      }
      outbox.finish();
    }
    long[] sum = {0};
    long[] rows = {0};
    inbox.read(
        id,
        allocator,
        batch -> {
          try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
            var vector = (org.apache.arrow.vector.BigIntVector) root.getVector(0);
            for (int i = 0; i < root.getRowCount(); i++) {
              sum[0] += vector.get(i);
            }
            rows[0] += root.getRowCount();
          }
        });
    long n = Batches.DEFAULT_BATCH_SIZE;
    assertThat(rows[0]).isEqualTo(8 * n);
    assertThat(sum[0]).isEqualTo(8 * (n * (n - 1) / 2));
  }
}
