package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import java.util.Map;

/**
 * What a worker tells the coordinator about itself.
 *
 * @param memberAddress the Pekko member address ({@code pekko://locus@host:port})
 * @param node {@code host:port} of the node, as users name it
 * @param catalogs the catalogs it can read, name to kind ({@code tpch}, {@code jdbc}, {@code csv})
 * @param httpUri its HTTP API, or null when it serves none
 */
public record NodeDescription(
    String memberAddress,
    String node,
    String site,
    Map<String, String> catalogs,
    String shuffleHost,
    int shufflePort,
    String httpUri)
    implements ClusterMessage {
  public NodeDescription {
    requireNonNull(memberAddress, "memberAddress is null");
    requireNonNull(node, "node is null");
    requireNonNull(site, "site is null");
    catalogs = Map.copyOf(requireNonNull(catalogs, "catalogs is null"));
    requireNonNull(shuffleHost, "shuffleHost is null");
  }
}
