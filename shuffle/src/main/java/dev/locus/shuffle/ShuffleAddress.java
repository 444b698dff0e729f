package dev.locus.shuffle;

import static java.util.Objects.requireNonNull;

/** Where a node's shuffle transport receives: a host and port (port 0 for an in-memory one). */
public record ShuffleAddress(String host, int port) {
  public ShuffleAddress {
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535]; found " + port);
    }
  }

  /** Parses {@code host:port}. */
  public static ShuffleAddress parse(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("Expected host:port; found '" + hostAndPort + "'");
    }
    return new ShuffleAddress(
        hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
