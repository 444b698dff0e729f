package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one node of a {@link MultiJvmCluster} is: its roles, site and the data it reads. Ports,
 * seeds and the token are the cluster's business.
 *
 * @param roles {@code coordinator} and/or {@code worker}
 * @param site the site it declares
 * @param tpch whether it serves the {@code tpch} catalog
 * @param csv CSV directories it reads, by catalog name
 */
record NodeSpec(List<String> roles, String site, boolean tpch, Map<String, Path> csv) {
  NodeSpec {
    roles = List.copyOf(requireNonNull(roles, "roles is null"));
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a node needs a role of [coordinator, worker]");
    }
    requireNonNull(site, "site is null");
    csv =
        java.util.Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(csv, "csv is null")));
  }

  /** A node with both roles (it serves the HTTP API) in {@code site}. */
  static NodeSpec coordinator(String site) {
    return new NodeSpec(List.of("coordinator", "worker"), site, false, Map.of());
  }

  /** A worker in {@code site}. */
  static NodeSpec worker(String site) {
    return new NodeSpec(List.of("worker"), site, false, Map.of());
  }

  boolean isCoordinator() {
    return roles.contains("coordinator");
  }

  NodeSpec withTpch() {
    return new NodeSpec(roles, site, true, csv);
  }

  NodeSpec withCsv(String catalog, Path directory) {
    Map<String, Path> all = new LinkedHashMap<>(csv);
    all.put(catalog, directory);
    return new NodeSpec(roles, site, tpch, all);
  }
}
