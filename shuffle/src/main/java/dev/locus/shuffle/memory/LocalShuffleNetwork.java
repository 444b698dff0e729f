package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory transports of one JVM that can reach each other: the nodes of an embedded cluster.
 * Each transport is named by a host; its address is {@code host:0}.
 */
public final class LocalShuffleNetwork {
  private final Map<String, LocalShuffleTransport> transports = new LinkedHashMap<>();

  /** A new node on this network, named {@code host} (unique among the open ones). */
  public synchronized LocalShuffleTransport join(String host, ShuffleConfig config) {
    requireNonNull(host, "host is null");
    requireNonNull(config, "config is null");
    if (transports.containsKey(host)) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Local shuffle node '" + host + "' already exists; nodes: " + transports.keySet());
    }
    LocalShuffleTransport transport =
        new LocalShuffleTransport(this, new ShuffleAddress(host, 0), config);
    transports.put(host, transport);
    return transport;
  }

  synchronized LocalShuffleTransport find(ShuffleAddress address) {
    LocalShuffleTransport transport = address.port() == 0 ? transports.get(address.host()) : null;
    if (transport == null) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE,
          "No local shuffle node at "
              + address
              + "; nodes: "
              + transports.values().stream().map(LocalShuffleTransport::address).toList());
    }
    return transport;
  }

  synchronized void leave(LocalShuffleTransport transport) {
    transports.remove(transport.address().host(), transport);
  }
}
