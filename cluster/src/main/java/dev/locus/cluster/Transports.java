package dev.locus.cluster;

import dev.locus.shuffle.ShuffleTransport;

/** The data planes a node can use. */
final class Transports {
  private Transports() {}

  /** TCP on a free port of {@code host}. */
  static ShuffleTransport tcp(String host) {
    throw new UnsupportedOperationException("TCP transport not merged yet");
  }
}
