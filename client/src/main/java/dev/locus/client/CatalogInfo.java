package dev.locus.client;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A catalog (data source) of the cluster and the nodes that can read it.
 *
 * @param kind {@code tpch}, {@code jdbc} or {@code csv}
 * @param nodes {@code host:port} of the nodes that can read it
 * @param sites the sites of those nodes
 */
public record CatalogInfo(String name, String kind, List<String> nodes, List<String> sites) {
  public CatalogInfo {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    sites = List.copyOf(requireNonNull(sites, "sites is null"));
  }
}
