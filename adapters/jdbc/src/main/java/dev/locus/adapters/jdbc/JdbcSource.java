package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.DatabaseTable;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.StatisticsSource;
import dev.locus.core.source.TableStatistics;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The rows of one table (or view) of a JDBC database. The schema comes from {@link
 * DatabaseMetaData}; reading runs {@code SELECT "c1", "c2" FROM "SCHEMA"."TABLE"} with every
 * identifier quoted by the database's own quote string. Column types map as:
 *
 * <pre>
 * DECIMAL, NUMERIC                    DECIMAL(p, s), precision capped at 38
 * INTEGER, SMALLINT, TINYINT          INT
 * BIGINT                              BIGINT
 * DOUBLE, FLOAT, REAL                 DOUBLE
 * CHAR, VARCHAR, LONGVARCHAR, N..., CLOB, NCLOB   VARCHAR
 * DATE                                DATE
 * TIMESTAMP                           TIMESTAMP
 * BOOLEAN, BIT                        BOOLEAN
 * </pre>
 *
 * Any other column type is an error naming the column and its SQL type.
 */
public final class JdbcSource implements StatisticsSource, DatabaseTable {
  static final int FETCH_SIZE = 10_000;

  private static final Set<String> TABLE_TYPES =
      Set.of(
          "TABLE",
          "BASE TABLE",
          "VIEW",
          "MATERIALIZED VIEW",
          "PARTITIONED TABLE",
          "FOREIGN TABLE",
          "GLOBAL TEMPORARY",
          "LOCAL TEMPORARY");
  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("INFORMATION_SCHEMA", "PG_CATALOG", "SYS", "SYSIBM");
  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String SUPPORTED_TYPES =
      "DECIMAL/NUMERIC, INTEGER/SMALLINT/TINYINT, BIGINT, DOUBLE/FLOAT/REAL,"
          + " CHAR/VARCHAR/CLOB (and N- and LONG- variants), DATE, TIMESTAMP, BOOLEAN/BIT";

  private final String url;
  private final String user;
  private final String password;
  private final String displayUrl;
  private final String tableSchema;
  private final String table;
  private final boolean inDefaultSchema;
  private final List<String> columnNames;
  private final Schema schema;
  private final String quote;
  private final List<Integer> sqlTypes;
  private final List<Integer> primaryKey;
  private volatile long estimatedRows = Long.MIN_VALUE;

  private JdbcSource(
      String url,
      String user,
      String password,
      String tableSchema,
      String table,
      boolean inDefaultSchema,
      List<String> columnNames,
      Schema schema,
      String quote,
      List<Integer> sqlTypes,
      List<Integer> primaryKey) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.displayUrl = displayUrl(url);
    this.tableSchema = tableSchema;
    this.table = table;
    this.inDefaultSchema = inDefaultSchema;
    this.columnNames = List.copyOf(columnNames);
    this.schema = schema;
    this.quote = quote;
    this.sqlTypes = List.copyOf(sqlTypes);
    this.primaryKey = List.copyOf(primaryKey);
  }

  /** A table, found case-insensitively (optionally {@code schema.table}), with no credentials. */
  public static JdbcSource table(String jdbcUrl, String tableName) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(tableName, "tableName is null");
    return resolve(jdbcUrl, null, null, tableName);
  }

  /** A table, found case-insensitively (optionally {@code schema.table}). */
  public static JdbcSource table(String jdbcUrl, String user, String password, String tableName) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(tableName, "tableName is null");
    return resolve(jdbcUrl, user, password, tableName);
  }

  /**
   * A table of a named schema, both found case-insensitively (the exact spelling wins), with no
   * credentials. Unlike {@code table(url, "schema.table")}, names may contain dots.
   */
  public static JdbcSource qualifiedTable(String jdbcUrl, String schemaName, String tableName) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(schemaName, "schemaName is null");
    requireNonNull(tableName, "tableName is null");
    return resolve(jdbcUrl, null, null, schemaName, tableName);
  }

  /** A table of a named schema, both found case-insensitively (the exact spelling wins). */
  public static JdbcSource qualifiedTable(
      String jdbcUrl, String user, String password, String schemaName, String tableName) {
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(schemaName, "schemaName is null");
    requireNonNull(tableName, "tableName is null");
    return resolve(jdbcUrl, user, password, schemaName, tableName);
  }

  private static JdbcSource resolve(String url, String user, String password, String tableName) {
    int dot = tableName.indexOf('.');
    boolean qualified = dot > 0 && dot < tableName.length() - 1;
    return qualified
        ? resolve(url, user, password, tableName.substring(0, dot), tableName.substring(dot + 1))
        : resolve(url, user, password, null, tableName);
  }

  private static JdbcSource resolve(
      String url, String user, String password, String schemaName, String tableName) {
    String display = displayUrl(url);
    try (Connection connection = connect(url, user, password)) {
      DatabaseMetaData metaData = connection.getMetaData();
      TableName found = findTable(connection, metaData, display, schemaName, tableName);
      return describe(url, user, password, metaData, found);
    } catch (SQLException e) {
      throw metadataError(display, e);
    }
  }

  /**
   * A table whose catalog, schema and name are known exactly (as {@link DatabaseMetaData} lists
   * them); {@code user} is null for no credentials.
   */
  static JdbcSource exactTable(
      String url,
      String user,
      String password,
      String catalog,
      String schemaName,
      String tableName,
      boolean inDefaultSchema) {
    try (Connection connection = connect(url, user, password)) {
      return describe(
          url,
          user,
          password,
          connection.getMetaData(),
          new TableName(catalog, schemaName, tableName, inDefaultSchema));
    } catch (SQLException e) {
      throw metadataError(displayUrl(url), e);
    }
  }

  private static JdbcSource describe(
      String url, String user, String password, DatabaseMetaData metaData, TableName table)
      throws SQLException {
    List<String> names = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    List<Integer> sqlTypes = new ArrayList<>();
    String tableLabel = displayUrl(url) + "/" + table.label();
    readColumns(metaData, table, tableLabel, names, fields, sqlTypes);
    if (fields.isEmpty()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Table " + tableLabel + " has no columns Locus can see");
    }
    return new JdbcSource(
        url,
        user,
        password,
        table.schema(),
        table.name(),
        table.inDefaultSchema(),
        names,
        new Schema(fields),
        quoteString(metaData),
        sqlTypes,
        readPrimaryKey(metaData, table, names));
  }

  /** The primary key's columns as indices into {@code names}, in key order; empty: none. */
  private static List<Integer> readPrimaryKey(
      DatabaseMetaData metaData, TableName table, List<String> names) throws SQLException {
    TreeMap<Integer, Integer> columns = new TreeMap<>();
    try (ResultSet rows = metaData.getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
      while (rows.next()) {
        if (!table.name().equals(rows.getString("TABLE_NAME"))) {
          continue;
        }
        int index = names.indexOf(rows.getString("COLUMN_NAME"));
        if (index < 0) {
          // A key over a column Locus cannot see is no key of what Locus reads.
          return List.of();
        }
        columns.put(rows.getInt("KEY_SEQ"), index);
      }
    }
    return List.copyOf(columns.values());
  }

  static LocusException metadataError(String displayUrl, SQLException e) {
    return new LocusException(
        ErrorCode.SOURCE_UNAVAILABLE,
        "Cannot read the metadata of " + displayUrl + ": " + e.getMessage(),
        e);
  }

  /** Whether a table type (as {@link DatabaseMetaData#getTables} lists it) holds rows to read. */
  static boolean isTableType(String type) {
    return type != null && TABLE_TYPES.contains(type.toUpperCase(Locale.ROOT));
  }

  /** Whether a schema belongs to the database itself (information schema, PostgreSQL's pg_*). */
  static boolean isSystemSchema(String schema) {
    if (schema == null) {
      return false;
    }
    String upper = schema.toUpperCase(Locale.ROOT);
    return SYSTEM_SCHEMAS.contains(upper) || upper.startsWith("PG_");
  }

  /** A table's catalog, schema and exact name. */
  private record TableName(String catalog, String schema, String name, boolean inDefaultSchema) {
    String label() {
      return inDefaultSchema || schema == null ? name : schema + "." + name;
    }
  }

  private static TableName findTable(
      Connection connection,
      DatabaseMetaData metaData,
      String display,
      String requestedSchema,
      String requestedTable)
      throws SQLException {
    String requested =
        requestedSchema == null ? requestedTable : requestedSchema + "." + requestedTable;
    String defaultSchema = currentSchema(connection);
    List<TableName> tables = new ArrayList<>();
    try (ResultSet rows = metaData.getTables(null, null, "%", null)) {
      while (rows.next()) {
        String type = rows.getString("TABLE_TYPE");
        String schema = rows.getString("TABLE_SCHEM");
        if (!isTableType(type) || isSystemSchema(schema)) {
          continue;
        }
        tables.add(
            new TableName(
                rows.getString("TABLE_CAT"),
                schema,
                rows.getString("TABLE_NAME"),
                schema == null || schema.equals(defaultSchema)));
      }
    }
    List<TableName> matches = new ArrayList<>();
    for (TableName candidate : tables) {
      boolean nameMatches = candidate.name().equalsIgnoreCase(requestedTable);
      boolean schemaMatches =
          requestedSchema == null
              ? true
              : candidate.schema() != null && candidate.schema().equalsIgnoreCase(requestedSchema);
      if (nameMatches && schemaMatches) {
        matches.add(candidate);
      }
    }
    if (matches.size() > 1) {
      // Prefer the exact spelling, then the connection's default schema.
      List<TableName> exact =
          matches.stream().filter(candidate -> candidate.name().equals(requestedTable)).toList();
      if (!exact.isEmpty()) {
        matches = exact;
      }
    }
    if (matches.size() > 1) {
      List<TableName> inDefault = matches.stream().filter(TableName::inDefaultSchema).toList();
      if (inDefault.size() == 1) {
        matches = inDefault;
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Table '"
              + requested
              + "' is ambiguous in "
              + display
              + "; qualify it with its schema: "
              + matches.stream().map(t -> t.schema() + "." + t.name()).sorted().toList());
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Table '"
            + requested
            + "' not found in "
            + display
            + "; available tables: "
            + tables.stream().map(TableName::label).sorted(Comparator.naturalOrder()).toList());
  }

  static String currentSchema(Connection connection) {
    try {
      return connection.getSchema();
    } catch (SQLException | AbstractMethodError e) {
      return null;
    }
  }

  private static void readColumns(
      DatabaseMetaData metaData,
      TableName table,
      String tableLabel,
      List<String> names,
      List<Field> fields,
      List<Integer> sqlTypes)
      throws SQLException {
    String escape = metaData.getSearchStringEscape();
    List<Object[]> columns = new ArrayList<>();
    try (ResultSet rows =
        metaData.getColumns(
            table.catalog(),
            escapePattern(table.schema(), escape),
            escapePattern(table.name(), escape),
            "%")) {
      while (rows.next()) {
        if (!table.name().equals(rows.getString("TABLE_NAME"))
            || (table.schema() != null && !table.schema().equals(rows.getString("TABLE_SCHEM")))) {
          continue;
        }
        String name = rows.getString("COLUMN_NAME");
        int sqlType = rows.getInt("DATA_TYPE");
        String typeName = rows.getString("TYPE_NAME");
        int size = rows.getInt("COLUMN_SIZE");
        int digits = rows.getInt("DECIMAL_DIGITS");
        boolean nullable = rows.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
        int position = rows.getInt("ORDINAL_POSITION");
        DataType type = typeOf(tableLabel, name, sqlType, typeName, size, digits);
        columns.add(new Object[] {position, name, new Field(name, type, nullable), sqlType});
      }
    }
    columns.sort(Comparator.comparingInt(column -> (Integer) column[0]));
    for (Object[] column : columns) {
      names.add((String) column[1]);
      fields.add((Field) column[2]);
      sqlTypes.add((Integer) column[3]);
    }
  }

  static String escapePattern(String name, String escape) {
    if (name == null || escape == null || escape.isEmpty()) {
      return name;
    }
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  static DataType typeOf(
      String tableLabel, String column, int sqlType, String typeName, int size, int digits) {
    switch (sqlType) {
      case Types.DECIMAL, Types.NUMERIC -> {
        int precision =
            size <= 0
                ? DataType.MAX_DECIMAL_PRECISION
                : Math.min(size, DataType.MAX_DECIMAL_PRECISION);
        int scale = Math.min(Math.max(digits, 0), precision);
        return DataType.decimal(precision, scale);
      }
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
        return DataType.INT;
      }
      case Types.BIGINT -> {
        return DataType.BIGINT;
      }
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
        return DataType.DOUBLE;
      }
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB -> {
        return DataType.VARCHAR;
      }
      case Types.DATE -> {
        return DataType.DATE;
      }
      case Types.TIMESTAMP -> {
        return DataType.TIMESTAMP;
      }
      case Types.BOOLEAN, Types.BIT -> {
        return DataType.BOOLEAN;
      }
      default -> {
        String jdbcName;
        try {
          jdbcName = JDBCType.valueOf(sqlType).getName();
        } catch (IllegalArgumentException e) {
          jdbcName = String.valueOf(sqlType);
        }
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "Column '"
                + column
                + "' of "
                + tableLabel
                + " has SQL type "
                + typeName
                + " ("
                + jdbcName
                + "), which Locus cannot read; supported: "
                + SUPPORTED_TYPES);
      }
    }
  }

  private static String quoteString(DatabaseMetaData metaData) throws SQLException {
    String quote = metaData.getIdentifierQuoteString();
    return quote == null || quote.isBlank() ? "" : quote;
  }

  /** Opens a connection, or a SOURCE_UNAVAILABLE error naming the URL and the cause. */
  static Connection connect(String url, String user, String password) {
    try {
      return user == null
          ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      String display = displayUrl(url);
      // Drivers repeat the URL in their messages ("No suitable driver found for <url>").
      String message = e.getMessage() == null ? "" : e.getMessage().replace(url, display);
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE, "Cannot connect to " + display + ": " + message, e);
    }
  }

  /**
   * The URL without its parameters ({@code ;KEY=value} or {@code ?key=value}) and without the
   * {@code user:password@} of a {@code //host} part: no secrets.
   */
  static String displayUrl(String url) {
    int end = url.length();
    int semicolon = url.indexOf(';');
    int question = url.indexOf('?');
    if (semicolon >= 0) {
      end = Math.min(end, semicolon);
    }
    if (question >= 0) {
      end = Math.min(end, question);
    }
    String display = url.substring(0, end);
    int authority = display.indexOf("//");
    if (authority >= 0) {
      int hostEnd = display.indexOf('/', authority + 2);
      int at = display.lastIndexOf('@', hostEnd < 0 ? display.length() - 1 : hostEnd);
      if (at > authority) {
        display = display.substring(0, authority + 2) + display.substring(at + 1);
      }
    }
    return display;
  }

  /** A new connection to the source's database; the caller closes it. */
  public Connection connect() {
    return connect(url, user, password);
  }

  @Override
  public String connectionUrl() {
    return url;
  }

  @Override
  public Properties connectionProperties() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
      properties.setProperty("password", password == null ? "" : password);
    }
    return properties;
  }

  /** The primary key's column name, when the key is one INT or BIGINT column. */
  Optional<String> integerKey() {
    if (primaryKey.size() != 1) {
      return Optional.empty();
    }
    DataType.Kind kind = schema.type(primaryKey.get(0)).kind();
    return kind == DataType.Kind.INT || kind == DataType.Kind.BIGINT
        ? Optional.of(columnNames.get(primaryKey.get(0)))
        : Optional.empty();
  }

  /** The range of the primary key, when the key is one integer column and the table has rows. */
  @Override
  public Optional<KeyRange> keyRange() {
    Optional<String> key = integerKey();
    if (key.isEmpty()) {
      return Optional.empty();
    }
    String column = quoteIdentifier(key.get());
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT MIN(" + column + "), MAX(" + column + ") FROM " + qualifiedTableName())) {
      if (!rows.next()) {
        return Optional.empty();
      }
      long lowest = rows.getLong(1);
      return rows.wasNull()
          ? Optional.empty()
          : Optional.of(new KeyRange(key.get(), lowest, rows.getLong(2)));
    } catch (SQLException e) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Cannot read the key range of " + name() + ": " + e.getMessage(),
          e);
    }
  }

  /** The JDBC URL without its parameters. */
  public String jdbcUrl() {
    return displayUrl;
  }

  /** The table's schema as the database spells it, when the database has schemas. */
  public Optional<String> tableSchema() {
    return Optional.ofNullable(tableSchema);
  }

  /** The table's name as the database spells it. */
  public String table() {
    return table;
  }

  /** The column names as the database spells them, in schema order. */
  public List<String> columnNames() {
    return columnNames;
  }

  /** An identifier quoted for this database (quotes inside doubled). */
  public String quoteIdentifier(String identifier) {
    requireNonNull(identifier, "identifier is null");
    if (quote.isEmpty()) {
      if (!PLAIN_IDENTIFIER.matcher(identifier).matches()) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "Database "
                + displayUrl
                + " does not quote identifiers, and '"
                + identifier
                + "' needs quoting");
      }
      return identifier;
    }
    return quote + identifier.replace(quote, quote + quote) + quote;
  }

  /** The table's quoted, schema-qualified name for SQL. */
  public String qualifiedTableName() {
    return tableSchema == null
        ? quoteIdentifier(table)
        : quoteIdentifier(tableSchema) + "." + quoteIdentifier(table);
  }

  /** {@code SELECT <quoted columns> FROM <quoted table>}; no columns selects a constant. */
  String selectSql(List<Integer> columns) {
    StringBuilder sql = new StringBuilder("SELECT ");
    if (columns.isEmpty()) {
      sql.append('1');
    }
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      sql.append(quoteIdentifier(columnNames.get(columns.get(i))));
    }
    return sql.append(" FROM ").append(qualifiedTableName()).toString();
  }

  @Override
  public String name() {
    return displayUrl
        + "/"
        + (inDefaultSchema || tableSchema == null ? table : tableSchema + "." + table);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /**
   * The database's own row estimate, read once on first use: PostgreSQL's {@code
   * pg_class.reltuples} (when the table has been analyzed), H2's {@code
   * INFORMATION_SCHEMA.TABLES.ROW_COUNT_ESTIMATE}, else {@code SELECT COUNT(*)}; -1 when the
   * database cannot answer.
   */
  @Override
  public long estimatedRows() {
    long estimate = estimatedRows;
    if (estimate == Long.MIN_VALUE) {
      estimate = readEstimate();
      estimatedRows = estimate;
    }
    return estimate;
  }

  private long readEstimate() {
    try (Connection connection = connect()) {
      long statistics = statisticsEstimate(connection);
      if (statistics >= 0) {
        return statistics;
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + qualifiedTableName())) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    } catch (SQLException | LocusException e) {
      return -1;
    }
  }

  /** The row count the database's statistics give, or -1 when it keeps none for the table. */
  private long statisticsEstimate(Connection connection) throws SQLException {
    String sql;
    if (url.startsWith("jdbc:postgresql:")) {
      // reltuples is -1 (PostgreSQL 14+) or 0 before the first ANALYZE: then count.
      sql =
          "SELECT CASE WHEN c.reltuples > 0 THEN CAST(c.reltuples AS BIGINT) ELSE -1 END"
              + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
              + " WHERE c.relname = ? AND n.nspname = ? AND c.relkind IN ('r', 'p', 'm')";
    } else if (url.startsWith("jdbc:h2:")) {
      sql =
          "SELECT ROW_COUNT_ESTIMATE FROM INFORMATION_SCHEMA.TABLES"
              + " WHERE TABLE_NAME = ? AND TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'";
    } else {
      return -1;
    }
    if (tableSchema == null) {
      return -1;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, table);
      statement.setString(2, tableSchema);
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next()) {
          long value = rows.getLong(1);
          return rows.wasNull() ? -1 : value;
        }
        return -1;
      }
    }
  }

  /**
   * PostgreSQL's statistics of the table ({@code pg_class.reltuples}, {@code pg_stats}) once it has
   * been analyzed; empty before, and for other databases: H2 keeps a row count (which {@link
   * #estimatedRows} reads) but per column only a selectivity in whole percent, too coarse for
   * distinct counts (8 and 100 values in 50,000 rows both read 1), so its columns are sampled.
   */
  @Override
  public Optional<TableStatistics> statistics() {
    if (!url.startsWith("jdbc:postgresql:") || tableSchema == null) {
      return Optional.empty();
    }
    try (Connection connection = connect()) {
      return PostgresStatistics.read(connection, tableSchema, table, columnNames, schema);
    } catch (SQLException | LocusException e) {
      // Statistics are an optimization: without them the cost model samples, and reading the
      // table reports a database that is down with its own message.
      return Optional.empty();
    }
  }

  /** The primary key, when the table has one whose columns Locus reads. */
  @Override
  public List<List<Integer>> uniqueKeys() {
    return primaryKey.isEmpty() ? List.of() : List.of(primaryKey);
  }

  /** The primary key's columns (indices into the schema), in key order; empty when none. */
  List<Integer> primaryKey() {
    return primaryKey;
  }

  /** The {@link java.sql.Types} code of each column as the metadata lists it. */
  List<Integer> sqlTypes() {
    return sqlTypes;
  }

  /**
   * Whether a column is blank-padded ({@code CHAR(n)}): databases compare such values ignoring
   * trailing spaces, Locus compares the padded strings it reads.
   */
  boolean isPadded(int column) {
    int type = sqlTypes.get(column);
    return type == Types.CHAR || type == Types.NCHAR;
  }

  /** The URL as given, with its parameters (and so perhaps a password): never show it. */
  String url() {
    return url;
  }

  /** The user to connect as, or null when the URL carries the credentials. */
  String user() {
    return user;
  }

  /** The database this source reads: URL and user, which decide what one query can join. */
  DatabaseKey database() {
    return new DatabaseKey(url, user, password, displayUrl);
  }

  /**
   * One database as Locus reaches it. Two sources with the same URL and user are in one database
   * and can be joined in one query.
   */
  record DatabaseKey(String url, String user, String password, String displayUrl) {
    DatabaseKey {
      requireNonNull(url, "url is null");
      requireNonNull(displayUrl, "displayUrl is null");
    }

    Connection connect() {
      return JdbcSource.connect(url, user, password);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DatabaseKey key
          && url.equals(key.url)
          && java.util.Objects.equals(user, key.user);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(url, user);
    }

    @Override
    public String toString() {
      return displayUrl + (user == null ? "" : " as " + user);
    }
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    if (parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Parallelism must be at least 1; found " + parallelism);
    }
    return List.of(new JdbcSplit());
  }

  @Override
  public String toString() {
    return name();
  }

  /** The whole table in one query. */
  private final class JdbcSplit implements SourceSplit {
    @Override
    public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      requireNonNull(allocator, "allocator is null");
      requireNonNull(columns, "columns is null");
      if (batchSize < 1) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT, "Batch size must be at least 1; found " + batchSize);
      }
      List<Field> fields = new ArrayList<>(columns.size());
      for (int column : columns) {
        if (column < 0 || column >= schema.size()) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Column index for "
                  + name()
                  + " must be in [0, "
                  + schema.size()
                  + "); found "
                  + column);
        }
        fields.add(schema.field(column));
      }
      return JdbcBatchReader.open(
          JdbcSource.this, selectSql(columns), new Schema(fields), allocator, batchSize);
    }

    @Override
    public String describe() {
      return name() + " (all rows)";
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
