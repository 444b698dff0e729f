package dev.locus.cluster;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.memory.LocalShuffleNetwork;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole cluster in one JVM: one node per config (one per site, typically), joined through the
 * first, which must be a coordinator. The nodes are real Pekko cluster members talking over
 * loopback; their data plane is in memory. The same code runs a cluster of many machines.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private final List<LocusNode> nodes;

  private EmbeddedCluster(List<LocusNode> nodes) {
    this.nodes = nodes;
  }

  public static EmbeddedCluster start(List<NodeConfig> configs) {
    return start(configs, false);
  }

  /**
   * As {@link #start(List)}; with {@code tcp}, the nodes' data plane is TCP on loopback as between
   * machines (for benchmarks), instead of in memory.
   */
  public static EmbeddedCluster start(List<NodeConfig> configs, boolean tcp) {
    requireNonNull(configs, "configs is null");
    if (configs.isEmpty() || !configs.get(0).roles().contains(NodeConfig.Role.COORDINATOR)) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "An embedded cluster's first node must be a coordinator; found "
              + (configs.isEmpty() ? "no nodes" : configs.get(0).roles()));
    }
    LocalShuffleNetwork network = new LocalShuffleNetwork();
    List<LocusNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < configs.size(); i++) {
        NodeConfig config = configs.get(i);
        if (i > 0) {
          config = config.withSeeds(List.of(nodes.get(0).clusterAddress()));
        }
        String name = "embedded-" + i;
        nodes.add(
            tcp
                ? LocusNode.start(config)
                : LocusNode.start(config, host -> network.join(name, ShuffleConfig.defaults())));
      }
    } catch (RuntimeException e) {
      nodes.forEach(LocusNode::close);
      throw e;
    }
    return new EmbeddedCluster(List.copyOf(nodes));
  }

  public List<LocusNode> nodes() {
    return nodes;
  }

  public LocusNode node(int index) {
    return nodes.get(index);
  }

  /** The coordinator's HTTP API. */
  public URI httpUri() {
    return nodes
        .get(0)
        .httpUri()
        .orElseThrow(
            () ->
                new LocusException(
                    ErrorCode.INVALID_ARGUMENT, "The first node serves no HTTP (httpPort -1)"));
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }
}
