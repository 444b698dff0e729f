package dev.locus.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.locus.core.plan.LogicalPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A mutable catalog of named tables and schemas, for what a session registers. Thread-safe. */
public final class MapCatalog implements Catalog {
  private final Map<String, LogicalPlan> tables = new LinkedHashMap<>();
  private final Map<String, Catalog> schemas = new LinkedHashMap<>();

  /** Adds or replaces a table. */
  public synchronized MapCatalog putTable(String name, LogicalPlan plan) {
    tables.put(requireNonNull(name, "name is null"), requireNonNull(plan, "plan is null"));
    return this;
  }

  /** Adds or replaces a schema. */
  public synchronized MapCatalog putSchema(String name, Catalog catalog) {
    schemas.put(requireNonNull(name, "name is null"), requireNonNull(catalog, "catalog is null"));
    return this;
  }

  @Override
  public synchronized Set<String> tableNames() {
    return Set.copyOf(tables.keySet());
  }

  @Override
  public synchronized Optional<LogicalPlan> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  @Override
  public synchronized Set<String> schemaNames() {
    return Set.copyOf(schemas.keySet());
  }

  @Override
  public synchronized Optional<Catalog> schema(String name) {
    return Optional.ofNullable(schemas.get(name));
  }
}
