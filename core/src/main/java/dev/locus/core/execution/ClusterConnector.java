package dev.locus.core.execution;

import dev.locus.core.catalog.Catalog;
import java.util.Map;

/**
 * Connects a session to a running Locus cluster ({@code Locus.connect}). Found with {@link
 * java.util.ServiceLoader}; the implementation is in the {@code locus-client} module.
 */
public interface ClusterConnector {
  /**
   * Connects to the coordinator whose HTTP API is at {@code url}.
   *
   * @param token the cluster's shared secret, or null when it has none
   */
  ClusterSession connect(String url, String token);

  /** What a connected session runs on: the cluster's executor and its catalogs by name. */
  interface ClusterSession {
    QueryExecutor executor();

    Map<String, Catalog> catalogs();
  }
}
