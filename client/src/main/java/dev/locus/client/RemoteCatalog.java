package dev.locus.client;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.core.source.tpch.TpchSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A catalog of a cluster (or a schema in one), whose tables are {@link RemoteTableSource}s that
 * only the cluster reads. A table resolves through the coordinator ({@code GET
 * /v1/catalog/table?name=...}), once per name.
 *
 * <p>Schemas and tables are listed through {@code GET /v1/catalog/listing}, once per path (a worker
 * that serves the catalog answers), so SQL planned in a connected session sees every table of the
 * cluster. A {@code tpch} catalog is listed without asking: the generator's names are known.
 */
public final class RemoteCatalog implements Catalog {
  private final LocusClient client;
  private final String kind;
  private final List<String> path;
  private final Map<String, Optional<LogicalPlan>> resolved = new LinkedHashMap<>();
  private final Map<String, RemoteCatalog> schemas = new LinkedHashMap<>();
  private LocusClient.Listing listing;

  /** The catalog the coordinator described ({@link LocusClient#catalogs}). */
  public RemoteCatalog(LocusClient client, CatalogInfo catalog) {
    this(client, catalog.kind(), List.of(catalog.name()));
  }

  private RemoteCatalog(LocusClient client, String kind, List<String> path) {
    this.client = requireNonNull(client, "client is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.path = List.copyOf(requireNonNull(path, "path is null"));
  }

  /** The catalog's path on the cluster: its name, then the schemas down to this one. */
  public List<String> path() {
    return path;
  }

  private boolean isTpch() {
    return kind.equals("tpch");
  }

  @Override
  public synchronized Set<String> tableNames() {
    Set<String> names = new LinkedHashSet<>();
    if (isTpch() && path.size() == 2) {
      names.addAll(TpchSource.tableNames());
    } else if (!isTpch()) {
      names.addAll(listing().tables());
    }
    resolved.forEach(
        (name, table) -> {
          if (table.isPresent()) {
            names.add(name);
          }
        });
    return names;
  }

  @Override
  public synchronized Optional<LogicalPlan> table(String name) {
    requireNonNull(name, "name is null");
    Optional<LogicalPlan> known = resolved.get(name);
    if (known != null) {
      return known;
    }
    List<String> tablePath = new ArrayList<>(path);
    tablePath.add(name);
    Optional<LogicalPlan> table;
    try {
      table = Optional.of(Scan.of(client.table(String.join(".", tablePath))));
    } catch (LocusException e) {
      if (e.code() != ErrorCode.TABLE_NOT_FOUND) {
        throw e;
      }
      table = Optional.empty();
    }
    resolved.put(name, table);
    return table;
  }

  @Override
  public synchronized Set<String> schemaNames() {
    if (isTpch()) {
      return path.size() == 1 ? TpchCatalog.schemas().schemaNames() : Set.of();
    }
    return new LinkedHashSet<>(listing().schemas());
  }

  private LocusClient.Listing listing() {
    if (listing == null) {
      listing = client.listing(String.join(".", path));
    }
    return listing;
  }

  @Override
  public synchronized Optional<Catalog> schema(String name) {
    requireNonNull(name, "name is null");
    if (isTpch() && (path.size() != 1 || TpchCatalog.schemas().schema(name).isEmpty())) {
      return Optional.empty();
    }
    String schemaName = isTpch() ? name.toLowerCase(Locale.ROOT) : name;
    return Optional.of(
        schemas.computeIfAbsent(
            schemaName,
            key -> {
              List<String> schemaPath = new ArrayList<>(path);
              schemaPath.add(key);
              return new RemoteCatalog(client, kind, schemaPath);
            }));
  }

  @Override
  public String toString() {
    return "RemoteCatalog[" + String.join(".", path) + " (" + kind + ") at " + client.uri() + "]";
  }
}
