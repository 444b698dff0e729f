package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.StreamId;

/**
 * The in-memory transport: for tasks in one JVM (an embedded cluster, whose nodes join one {@link
 * LocalShuffleNetwork}). Same semantics as the TCP transport — inboxes are the same {@link
 * SpillingInbox}es with the same memory bound and spill — without sockets.
 */
public final class LocalShuffleTransport implements ShuffleTransport {
  private final LocalShuffleNetwork network;
  private final ShuffleAddress address;
  private final InboxRegistry registry;

  LocalShuffleTransport(LocalShuffleNetwork network, ShuffleAddress address, ShuffleConfig config) {
    this.network = requireNonNull(network, "network is null");
    this.address = requireNonNull(address, "address is null");
    this.registry = new InboxRegistry(config);
  }

  /** A single node, {@code local:0}, on a network of its own. */
  public static LocalShuffleTransport create(ShuffleConfig config) {
    return new LocalShuffleNetwork().join("local", config);
  }

  @Override
  public ShuffleAddress address() {
    return address;
  }

  @Override
  public ExchangeInbox openInbox(String exchange, Schema schema, long memoryLimitBytes) {
    return registry.open(exchange, schema, memoryLimitBytes);
  }

  @Override
  public BatchOutbox openOutbox(
      ShuffleAddress target, String exchange, StreamId stream, Schema schema) {
    requireNonNull(target, "target is null");
    requireNonNull(exchange, "exchange is null");
    requireNonNull(stream, "stream is null");
    requireNonNull(schema, "schema is null");
    LocalShuffleTransport receiver = network.find(target);
    return new LocalOutbox(exchange, stream, schema, receiver.registry.begin(exchange, stream));
  }

  @Override
  public void dropPending(String prefix, String reason) {
    registry.dropPending(prefix, reason);
  }

  @Override
  public void close() {
    network.leave(this);
    registry.close();
  }
}
