package dev.locus.cluster;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * One running Locus node: a Pekko actor system in the cluster, its worker (task threads and
 * data-plane transport), and on coordinator nodes the HTTP API and a proxy to the coordinator
 * singleton.
 */
public final class LocusNode implements AutoCloseable {
  private final NodeConfig config;

  private LocusNode(NodeConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /** Starts a node and joins (or, without seeds, forms) the cluster. Returns once it is bound. */
  public static LocusNode start(NodeConfig config) {
    throw new UnsupportedOperationException("not built yet");
  }

  public NodeConfig config() {
    return config;
  }

  /** {@code host:port} other nodes use as a seed to join through this one. */
  public String clusterAddress() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** The HTTP API's base URI ({@code http://host:port}) when this node serves it. */
  public Optional<URI> httpUri() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Blocks until the node has left the cluster and stopped (after {@link #close()} or a kill). */
  public void awaitTermination() {
    throw new UnsupportedOperationException("not built yet");
  }

  /** Leaves the cluster gracefully and stops. */
  @Override
  public void close() {}
}
