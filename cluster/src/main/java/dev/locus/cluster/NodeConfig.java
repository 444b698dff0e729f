package dev.locus.cluster;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start one node: its roles, where it listens, the seed nodes it joins through, the site it
 * sits in and the data it can reach.
 *
 * @param host the address other nodes reach this one at (Artery, shuffle)
 * @param port the Artery (cluster) port; 0 picks a free one
 * @param seeds {@code host:port} of seed nodes; empty for the first node, which seeds itself
 * @param httpPort the HTTP API port on a coordinator; 0 picks a free one, -1 serves no HTTP
 * @param jdbc JDBC catalogs this node can read, by catalog name
 * @param csv directories of CSV files this node can read, by catalog name (a file {@code x.csv} is
 *     table {@code NAME.x})
 * @param tpch whether this node serves the built-in {@code tpch} catalog
 * @param token the shared secret HTTP clients must send, or null for none
 * @param parallelism task threads on this node
 */
public record NodeConfig(
    Set<Role> roles,
    String host,
    int port,
    List<String> seeds,
    String site,
    int httpPort,
    Map<String, String> jdbc,
    Map<String, Path> csv,
    boolean tpch,
    String token,
    int parallelism) {

  /** What a node does in the cluster. */
  public enum Role {
    /** Hosts the HTTP API and can host the coordinator singleton, which runs jobs' schedulers. */
    COORDINATOR,
    /** Runs tasks. */
    WORKER
  }

  public NodeConfig {
    roles = Set.copyOf(requireNonNull(roles, "roles is null"));
    if (roles.isEmpty()) {
      throw new IllegalArgumentException(
          "a node needs at least one role of " + List.of(Role.values()));
    }
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535]; found " + port);
    }
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    requireNonNull(site, "site is null");
    if (httpPort < -1 || httpPort > 65535) {
      throw new IllegalArgumentException("httpPort must be -1 or in [0, 65535]; found " + httpPort);
    }
    // Copies that keep the declared order (catalogs are listed in it).
    jdbc = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(jdbc, "jdbc is null")));
    csv = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(csv, "csv is null")));
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1; found " + parallelism);
    }
  }

  /** A node with both roles on loopback with free ports, in site {@code site}, reading nothing. */
  public static NodeConfig local(String site) {
    return new NodeConfig(
        Set.of(Role.COORDINATOR, Role.WORKER),
        "127.0.0.1",
        0,
        List.of(),
        site,
        0,
        Map.of(),
        Map.of(),
        false,
        null,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public NodeConfig withRoles(Set<Role> newRoles) {
    return new NodeConfig(
        newRoles, host, port, seeds, site, httpPort, jdbc, csv, tpch, token, parallelism);
  }

  public NodeConfig withSeeds(List<String> newSeeds) {
    return new NodeConfig(
        roles, host, port, newSeeds, site, httpPort, jdbc, csv, tpch, token, parallelism);
  }

  public NodeConfig withPorts(int newPort, int newHttpPort) {
    return new NodeConfig(
        roles, host, newPort, seeds, site, newHttpPort, jdbc, csv, tpch, token, parallelism);
  }

  public NodeConfig withTpch(boolean newTpch) {
    return new NodeConfig(
        roles, host, port, seeds, site, httpPort, jdbc, csv, newTpch, token, parallelism);
  }

  public NodeConfig withJdbc(String name, String url) {
    Map<String, String> all = new LinkedHashMap<>(jdbc);
    all.put(name, url);
    return new NodeConfig(
        roles, host, port, seeds, site, httpPort, all, csv, tpch, token, parallelism);
  }

  public NodeConfig withCsv(String name, Path directory) {
    Map<String, Path> all = new LinkedHashMap<>(csv);
    all.put(name, directory);
    return new NodeConfig(
        roles, host, port, seeds, site, httpPort, jdbc, all, tpch, token, parallelism);
  }

  public NodeConfig withToken(String newToken) {
    return new NodeConfig(
        roles, host, port, seeds, site, httpPort, jdbc, csv, tpch, newToken, parallelism);
  }

  public NodeConfig withParallelism(int newParallelism) {
    return new NodeConfig(
        roles, host, port, seeds, site, httpPort, jdbc, csv, tpch, token, newParallelism);
  }
}
