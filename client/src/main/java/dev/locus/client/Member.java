package dev.locus.client;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A node of the cluster as the coordinator sees it.
 *
 * @param address {@code host:port} of the node in the cluster
 * @param roles {@code coordinator}, {@code worker}
 * @param status Pekko's member status: Joining, Up, Leaving, Exiting, Down, Removed
 * @param catalogs the catalogs (data sources) the node can read
 * @param http the node's HTTP API ({@code http://host:port}), or null when it serves none
 * @param reachable false when the cluster's failure detector finds the node unreachable
 */
public record Member(
    String address,
    List<String> roles,
    String status,
    String site,
    List<String> catalogs,
    String http,
    boolean reachable) {
  public Member {
    requireNonNull(address, "address is null");
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
    requireNonNull(status, "status is null");
    requireNonNull(site, "site is null");
    catalogs = List.copyOf(requireNonNull(catalogs, "catalogs is null"));
  }

  /** Whether the node runs tasks. */
  public boolean isWorker() {
    return roles.contains("worker");
  }
}
