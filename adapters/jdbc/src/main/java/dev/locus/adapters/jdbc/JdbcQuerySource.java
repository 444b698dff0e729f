package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.DatabaseTable;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The result of a sub-plan that one database runs as one SQL query ({@link #sql()}), read as Arrow
 * batches of the plan's schema. Its name is the database's URL (without parameters, so without a
 * password) and the query: {@code jdbc:postgresql://host/db: SELECT ...}.
 *
 * <p>A query that reads one table with a single-column integer primary key (possibly filtered and
 * projected) and more than {@value #RANGE_SPLIT_MIN_ROWS} estimated rows splits into key ranges
 * {@code pk >= ? AND pk <= ?}, from {@code SELECT MIN(pk), MAX(pk)}, one split per range; any other
 * query is one split.
 */
public final class JdbcQuerySource implements Source {
  /** Tables with more estimated rows than this are read in key ranges. */
  public static final long RANGE_SPLIT_MIN_ROWS = 100_000;

  private final JdbcSource.DatabaseKey database;
  private final SqlGenerator generator;
  private final SqlGenerator.Block block;
  private final Schema schema;
  private final SqlText sql;
  private final long estimatedRows;
  private final List<List<Integer>> uniqueKeys;

  JdbcQuerySource(
      JdbcSource.DatabaseKey database,
      SqlGenerator generator,
      SqlGenerator.Block block,
      Schema schema,
      long estimatedRows,
      List<List<Integer>> uniqueKeys) {
    this.database = requireNonNull(database, "database is null");
    this.generator = requireNonNull(generator, "generator is null");
    this.block = requireNonNull(block, "block is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.sql = generator.render(block, schema);
    this.estimatedRows = estimatedRows;
    this.uniqueKeys = List.copyOf(uniqueKeys);
  }

  /** The query, with {@code ?} where values are bound. */
  public String sql() {
    return sql.text();
  }

  /** The values bound to the query's {@code ?}s, in order. */
  public List<Object> parameters() {
    return sql.parameters().stream().map(Constant::value).toList();
  }

  /** The JDBC URL without its parameters. */
  public String jdbcUrl() {
    return database.displayUrl();
  }

  @Override
  public String name() {
    return database.displayUrl() + ": " + sql.text();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public long estimatedRows() {
    return estimatedRows;
  }

  @Override
  public List<List<Integer>> uniqueKeys() {
    return uniqueKeys;
  }

  /** The table when the query can be read in key ranges (see the class comment), else null. */
  private JdbcSource rangeTable() {
    if (!SqlGenerator.readsOneTable(block)) {
      return null;
    }
    JdbcSource table = block.table;
    return table.integerKey().isPresent() && table.estimatedRows() > RANGE_SPLIT_MIN_ROWS
        ? table
        : null;
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    if (parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Parallelism must be at least 1; found " + parallelism);
    }
    JdbcSource table = parallelism > 1 ? rangeTable() : null;
    if (table == null) {
      return List.of(new QuerySplit(null, 0, 0));
    }
    Optional<DatabaseTable.KeyRange> range = table.keyRange();
    if (range.isEmpty()) {
      return List.of(new QuerySplit(null, 0, 0));
    }
    String key = range.get().column();
    BigInteger min = BigInteger.valueOf(range.get().lowest());
    BigInteger span = BigInteger.valueOf(range.get().highest()).subtract(min).add(BigInteger.ONE);
    int count = span.min(BigInteger.valueOf(parallelism)).intValueExact();
    List<SourceSplit> splits = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // The first and last ranges are open so that rows outside [min, max] are read too.
      long low =
          i == 0
              ? Long.MIN_VALUE
              : min.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(count)))
                  .longValueExact();
      long high =
          i == count - 1
              ? Long.MAX_VALUE
              : min.add(span.multiply(BigInteger.valueOf(i + 1)).divide(BigInteger.valueOf(count)))
                      .longValueExact()
                  - 1;
      splits.add(new QuerySplit(key, low, high));
    }
    return splits;
  }

  private synchronized SqlText sqlFor(List<Integer> columns, String key, long low, long high) {
    boolean all = columns.equals(IntStream.range(0, schema.size()).boxed().toList());
    SqlGenerator.Block selected = all ? block : generator.select(block, columns);
    List<Field> fields = new ArrayList<>();
    for (int column : columns) {
      fields.add(schema.field(column));
    }
    Schema selectedSchema = new Schema(fields);
    if (key == null) {
      return all ? sql : generator.render(selected, selectedSchema);
    }
    SqlText column = SqlText.of(block.tableAlias + "." + block.table.quoteIdentifier(key));
    List<SqlText> range =
        List.of(
            column.plus(" >= ").plus(SqlText.parameter(new Constant(low, DataType.BIGINT))),
            column.plus(" <= ").plus(SqlText.parameter(new Constant(high, DataType.BIGINT))));
    return generator.render(selected, selectedSchema, range);
  }

  @Override
  public String toString() {
    return name();
  }

  /** The whole query, or the rows of one key range. */
  private final class QuerySplit implements SourceSplit {
    private final String key;
    private final long low;
    private final long high;

    QuerySplit(String key, long low, long high) {
      this.key = key;
      this.low = low;
      this.high = high;
    }

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
      SqlText query = sqlFor(columns, key, low, high);
      return JdbcBatchReader.open(
          database.displayUrl() + ": " + query.text(),
          database.connect(),
          query,
          new Schema(fields),
          allocator,
          batchSize);
    }

    @Override
    public String describe() {
      return key == null ? name() : name() + " (" + key + " in [" + low + ", " + high + "])";
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
