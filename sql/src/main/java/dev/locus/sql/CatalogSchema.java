package dev.locus.sql;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * A Locus {@link Catalog} as a Calcite schema. Table and schema lists are read once per query (a
 * schema object lives for one planning), so a JDBC catalog's metadata is not read over and over.
 */
final class CatalogSchema extends AbstractSchema {
  private final Catalog catalog;
  private Map<String, Table> tables;
  private Map<String, Schema> schemas;

  CatalogSchema(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
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
