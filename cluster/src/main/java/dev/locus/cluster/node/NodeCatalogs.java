package dev.locus.cluster.node;

import static java.util.Objects.requireNonNull;

import dev.locus.adapters.jdbc.JdbcCatalog;
import dev.locus.cluster.NodeConfig;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import dev.locus.core.source.csv.CsvCatalog;
import dev.locus.core.source.tpch.TpchCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The data one node can read, as catalogs by name ({@code --tpch}, {@code --jdbc NAME=URL}, {@code
 * --csv NAME=DIR}). A database is connected, and a directory listed, on first use, so a node starts
 * even when a database is down; reading then fails with the database's error.
 */
public final class NodeCatalogs {
  private final Map<String, String> kinds = new LinkedHashMap<>();
  private final Map<String, Supplier<Catalog>> factories = new LinkedHashMap<>();
  private final Map<String, Catalog> opened = new ConcurrentHashMap<>();

  public NodeCatalogs(NodeConfig config) {
    requireNonNull(config, "config is null");
    if (config.tpch()) {
      kinds.put("tpch", "tpch");
      factories.put("tpch", TpchCatalog::schemas);
    }
    config
        .jdbc()
        .forEach(
            (name, url) -> {
              kinds.put(name, "jdbc");
              factories.put(name, () -> JdbcCatalog.connect(url));
            });
    config
        .csv()
        .forEach(
            (name, directory) -> {
              kinds.put(name, "csv");
              factories.put(name, () -> CsvCatalog.of(directory));
            });
  }

  /** Catalog names and their kinds ({@code tpch}, {@code jdbc}, {@code csv}), in declared order. */
  public Map<String, String> kinds() {
    return Map.copyOf(kinds);
  }

  /**
   * The catalog or schema at {@code path} (catalog name first, then schemas).
   *
   * @throws LocusException TABLE_NOT_FOUND naming what exists at the first part not found
   */
  public Catalog catalogAt(List<String> path) {
    requireNonNull(path, "path is null");
    String catalogName = path.get(0);
    Optional<String> declared = match(kinds.keySet(), catalogName);
    if (declared.isEmpty()) {
      throw new LocusException(
          ErrorCode.TABLE_NOT_FOUND,
          "Catalog '" + catalogName + "' is not served by this node; it serves " + kinds.keySet());
    }
    Catalog catalog = opened.computeIfAbsent(declared.get(), name -> factories.get(name).get());
    List<String> walked = new ArrayList<>(List.of(declared.get()));
    for (int i = 1; i < path.size(); i++) {
      Optional<String> schema = match(catalog.schemaNames(), path.get(i));
      if (schema.isEmpty()) {
        throw notFound("Schema", path.get(i), walked, catalog.schemaNames());
      }
      catalog = catalog.schema(schema.get()).orElseThrow();
      walked.add(schema.get());
    }
    return catalog;
  }

  /**
   * The source of the table at {@code path} (catalog name first).
   *
   * @throws LocusException TABLE_NOT_FOUND naming what exists at the first part not found
   */
  public Source resolve(List<String> path) {
    requireNonNull(path, "path is null");
    if (path.size() < 2) {
      throw new LocusException(
          ErrorCode.TABLE_NOT_FOUND, "'" + String.join(".", path) + "' names no table");
    }
    Catalog catalog = catalogAt(path.subList(0, path.size() - 1));
    List<String> walked = path.subList(0, path.size() - 1);
    String tableName = path.get(path.size() - 1);
    Optional<String> table = match(catalog.tableNames(), tableName);
    if (table.isEmpty()) {
      throw notFound("Table", tableName, walked, catalog.tableNames());
    }
    LogicalPlan plan = catalog.table(table.get()).orElseThrow();
    if (!(plan instanceof Scan scan)) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "Table '" + String.join(".", path) + "' is a view; a cluster reads only base tables");
    }
    return scan.source();
  }

  private static LocusException notFound(
      String what, String name, List<String> walked, Set<String> available) {
    return new LocusException(
        ErrorCode.TABLE_NOT_FOUND,
        what
            + " '"
            + name
            + "' not found in "
            + String.join(".", walked)
            + "; available: "
            + new TreeSet<>(available));
  }

  private static Optional<String> match(Set<String> names, String name) {
    if (names.contains(name)) {
      return Optional.of(name);
    }
    return names.stream().filter(candidate -> candidate.equalsIgnoreCase(name)).findFirst();
  }
}
