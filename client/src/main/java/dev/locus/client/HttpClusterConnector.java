package dev.locus.client;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.execution.ClusterConnector;
import dev.locus.core.execution.QueryExecutor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connects {@code Locus.connect(url[, token])} to a cluster over its HTTP API: a {@link
 * ClusterExecutor} and one {@link RemoteCatalog} per catalog the coordinator lists. Connecting asks
 * for the catalogs, so an unreachable coordinator or a wrong token fails here, not at the first
 * query.
 */
public final class HttpClusterConnector implements ClusterConnector {
  @Override
  public ClusterSession connect(String url, String token) {
    LocusClient client = new LocusClient(url, token);
    try {
      Map<String, Catalog> catalogs = new LinkedHashMap<>();
      for (CatalogInfo catalog : client.catalogs()) {
        catalogs.put(catalog.name(), new RemoteCatalog(client, catalog));
      }
      return new Session(new ClusterExecutor(client), Map.copyOf(catalogs));
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private record Session(QueryExecutor executor, Map<String, Catalog> catalogs)
      implements ClusterSession {}
}
