package dev.locus.cluster;

import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.tcp.TcpShuffleTransport;

/** The data planes a node can use. */
final class Transports {
  private Transports() {}

  /** TCP on a free port of {@code host}. */
  static ShuffleTransport tcp(String host) {
    return TcpShuffleTransport.start(host, 0, ShuffleConfig.defaults());
  }
}
