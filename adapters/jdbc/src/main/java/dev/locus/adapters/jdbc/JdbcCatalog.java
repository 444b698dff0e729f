package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of a JDBC database as a {@link Catalog}: the tables and views of the connection's
 * default schema ({@link Connection#getSchema()}: {@code PUBLIC} in H2, {@code public} in
 * PostgreSQL) directly in the catalog, and every schema but the database's own (information schema,
 * PostgreSQL's {@code pg_*}) as a nested catalog. Names keep the case the database stores them in;
 * SQL resolves them case-insensitively.
 *
 * <p>Nothing is read when the catalog is made: schemas, tables and each table's columns are read
 * from {@link DatabaseMetaData} on first use and kept for the life of the catalog (tables created
 * later are not seen). A database that cannot be reached fails that first use with a {@code
 * SOURCE_UNAVAILABLE} error naming the URL (without its parameters, so without a password) and the
 * driver's message. Each table reads as a {@link JdbcSource}.
 */
public final class JdbcCatalog implements Catalog {
  private final Database database;
  private final boolean root;
  private final String schemaName;

  private JdbcCatalog(Database database, boolean root, String schemaName) {
    this.database = database;
    this.root = root;
    this.schemaName = schemaName;
  }

  /** The catalog of a database reached without credentials (or with them in the URL). */
  public static JdbcCatalog connect(String jdbcUrl) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    return new JdbcCatalog(new Database(jdbcUrl, null, null), true, null);
  }

  /** The catalog of a database reached as {@code user}. */
  public static JdbcCatalog connect(String jdbcUrl, String user, String password) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    return new JdbcCatalog(new Database(jdbcUrl, user, password), true, null);
  }

  /** The JDBC URL without its parameters. */
  public String jdbcUrl() {
    return database.displayUrl;
  }

  /**
   * The database schema whose tables this catalog lists: the connection's default schema for the
   * top catalog (empty when the database has no schemas), the schema itself for a nested one.
   */
  public Optional<String> schemaName() {
    return Optional.ofNullable(root ? database.defaultSchema() : schemaName);
  }

  @Override
  public Set<String> tableNames() {
    return Collections.unmodifiableSet(tables().keySet());
  }

  @Override
  public Optional<LogicalPlan> table(String name) {
    requireNonNull(name, "name is null");
    Map<String, TableEntry> tables = tables();
    return findIgnoringCase(tables.keySet(), name)
        .map(tables::get)
        .map(entry -> Scan.of(database.source(entry)));
  }

  @Override
  public Set<String> schemaNames() {
    return root ? Collections.unmodifiableSet(database.schemas()) : Set.of();
  }

  @Override
  public Optional<Catalog> schema(String name) {
    requireNonNull(name, "name is null");
    if (!root) {
      return Optional.empty();
    }
    return findIgnoringCase(database.schemas(), name)
        .map(found -> new JdbcCatalog(database, false, found));
  }

  private Map<String, TableEntry> tables() {
    return root ? database.defaultTables() : database.tables(schemaName);
  }

  /** The exact spelling, else the only one equal ignoring case. */
  private static Optional<String> findIgnoringCase(Set<String> names, String name) {
    if (names.contains(name)) {
      return Optional.of(name);
    }
    List<String> matches = new ArrayList<>();
    for (String candidate : names) {
      if (candidate.equalsIgnoreCase(name)) {
        matches.add(candidate);
      }
    }
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "JdbcCatalog[" + database.displayUrl + (root ? "" : ", schema " + schemaName) + "]";
  }

  /** A table as {@link DatabaseMetaData#getTables} lists it. */
  private record TableEntry(String catalog, String schema, String name) {}

  /** One database's connection settings and what has been read of its metadata so far. */
  private static final class Database {
    private final String url;
    private final String user;
    private final String password;
    private final String displayUrl;
    // Read together on first use; guarded by this.
    private boolean schemasRead;
    private String defaultSchema;
    private String defaultCatalog;
    private Set<String> schemas;
    private final Map<String, Map<String, TableEntry>> tablesBySchema = new HashMap<>();
    private final Map<TableEntry, JdbcSource> sources = new HashMap<>();

    Database(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
      this.displayUrl = JdbcSource.displayUrl(url);
    }

    synchronized String defaultSchema() {
      readSchemas();
      return defaultSchema;
    }

    synchronized Set<String> schemas() {
      readSchemas();
      return schemas;
    }

    synchronized Map<String, TableEntry> defaultTables() {
      readSchemas();
      return tables(defaultSchema);
    }

    /** The tables of a schema; a null schema means the database has none. */
    synchronized Map<String, TableEntry> tables(String schema) {
      Map<String, TableEntry> tables = tablesBySchema.get(schema);
      if (tables == null) {
        tables = readTables(schema);
        tablesBySchema.put(schema, tables);
      }
      return tables;
    }

    synchronized JdbcSource source(TableEntry table) {
      JdbcSource source = sources.get(table);
      if (source == null) {
        readSchemas();
        source =
            JdbcSource.exactTable(
                url,
                user,
                password,
                table.catalog(),
                table.schema(),
                table.name(),
                table.schema() == null || table.schema().equals(defaultSchema));
        sources.put(table, source);
      }
      return source;
    }

    private void readSchemas() {
      if (schemasRead) {
        return;
      }
      try (Connection connection = JdbcSource.connect(url, user, password)) {
        String current = JdbcSource.currentSchema(connection);
        String catalog = connection.getCatalog();
        Set<String> names = new TreeSet<>();
        try (ResultSet rows = connection.getMetaData().getSchemas()) {
          while (rows.next()) {
            String name = rows.getString("TABLE_SCHEM");
            if (name != null && !JdbcSource.isSystemSchema(name)) {
              names.add(name);
            }
          }
        }
        defaultSchema = current;
        defaultCatalog = catalog;
        schemas = Collections.unmodifiableSet(names);
        schemasRead = true;
      } catch (SQLException e) {
        throw JdbcSource.metadataError(displayUrl, e);
      }
    }

    private Map<String, TableEntry> readTables(String schema) {
      if (schema == null) {
        readSchemas();
      }
      try (Connection connection = JdbcSource.connect(url, user, password)) {
        DatabaseMetaData metaData = connection.getMetaData();
        String escape = metaData.getSearchStringEscape();
        Map<String, TableEntry> tables = new TreeMap<>();
        // Without schemas, the tables of the connection's own catalog (database).
        String catalog = schema == null ? defaultCatalog : null;
        try (ResultSet rows =
            metaData.getTables(catalog, JdbcSource.escapePattern(schema, escape), "%", null)) {
          while (rows.next()) {
            String rowSchema = rows.getString("TABLE_SCHEM");
            String name = rows.getString("TABLE_NAME");
            boolean inSchema = schema == null ? rowSchema == null : schema.equals(rowSchema);
            if (inSchema && name != null && JdbcSource.isTableType(rows.getString("TABLE_TYPE"))) {
              tables.putIfAbsent(
                  name, new TableEntry(rows.getString("TABLE_CAT"), rowSchema, name));
            }
          }
        }
        return Collections.unmodifiableMap(tables);
      } catch (SQLException e) {
        throw JdbcSource.metadataError(displayUrl, e);
      }
    }
  }
}
