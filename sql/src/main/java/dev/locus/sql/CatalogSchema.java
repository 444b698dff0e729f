package dev.locus.sql;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.IgnoreCaseLookup;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;

/**
 * A Locus {@link Catalog} as a Calcite schema. Table and schema lists are read once per query (a
 * schema object lives for one planning), so a JDBC catalog's metadata is not read over and over.
 */
final class CatalogSchema extends AbstractSchema {
  private final Catalog catalog;
  private Map<String, Table> tables;
  private Set<String> tableNames;
  private final Map<String, Table> lazyTables = new HashMap<>();
  private Map<String, Schema> schemas;

  CatalogSchema(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /**
   * Tables are made only when a query names them, so one unreadable table (a malformed file, a view
   * over a missing table) fails only the queries that use it.
   */
  @Override
  public Lookup<Table> tables() {
    return new IgnoreCaseLookup<>() {
      @Override
      public Table get(String name) {
        return table(name);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Predicate1<String> matcher = pattern.matcher();
        Set<String> names = new LinkedHashSet<>();
        for (String name : tableNames()) {
          if (matcher.apply(name)) {
            names.add(name);
          }
        }
        return names;
      }
    };
  }

  private synchronized Set<String> tableNames() {
    if (tableNames == null) {
      tableNames = catalog.tableNames();
    }
    return tableNames;
  }

  private synchronized Table table(String name) {
    if (!tableNames().contains(name)) {
      return null;
    }
    return lazyTables.computeIfAbsent(
        name, ignored -> catalog.table(name).map(plan -> new LocusTable(name, plan)).orElse(null));
  }

  @Override
  protected synchronized Map<String, Table> getTableMap() {
    if (tables == null) {
      tables = new LinkedHashMap<>();
      for (String name : catalog.tableNames()) {
        catalog.table(name).ifPresent(plan -> tables.put(name, new LocusTable(name, plan)));
      }
    }
    return tables;
  }

  @Override
  protected synchronized Map<String, Schema> getSubSchemaMap() {
    if (schemas == null) {
      schemas = new LinkedHashMap<>();
      for (String name : catalog.schemaNames()) {
        catalog.schema(name).ifPresent(schema -> schemas.put(name, new CatalogSchema(schema)));
      }
    }
    return schemas;
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
