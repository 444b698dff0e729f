package dev.locus.core.source.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The tables of the TPC-H benchmark, generated on the fly by the {@code io.trino.tpch} port of
 * dbgen. Keys are BIGINT, other integers INT, money, quantities, discounts and taxes exact
 * DECIMAL(15, 2), dates DATE and text VARCHAR; no column is nullable.
 *
 * <p>A split is one part of the generator's own partitioning ({@code createGenerator(sf, part,
 * partCount)}), so the rows of all splits together are exactly the rows dbgen writes.
 */
public final class TpchSource implements Source {
  /** Table names in the order the TPC-H specification lists them. */
  private static final List<String> TABLE_NAMES =
      List.of("nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");

  /** Money and quantity columns: the generator gives them as unscaled longs of scale 2. */
  public static final DataType MONEY = DataType.decimal(15, 2);

  /** Fewest rows worth a split of their own. */
  private static final long MIN_ROWS_PER_SPLIT = 1000;

  private final TpchTable<?> table;
  private final double scaleFactor;
  private final Schema schema;

  private TpchSource(TpchTable<?> table, double scaleFactor) {
    this.table = requireNonNull(table, "table is null");
    this.scaleFactor = scaleFactor;
    this.schema = schemaOf(table);
  }

  /** A TPC-H table ({@link #tableNames()}, case-insensitive) at a scale factor (1 = about 1 GB). */
  public static TpchSource table(String tableName, double scaleFactor) {
    requireNonNull(tableName, "tableName is null");
    if (!(scaleFactor > 0) || Double.isInfinite(scaleFactor)) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "TPC-H scale factor must be a positive number; found " + scaleFactor);
    }
    String name = tableName.toLowerCase(Locale.ROOT);
    for (TpchTable<?> candidate : TpchTable.getTables()) {
      if (candidate.getTableName().equals(name)) {
        return new TpchSource(candidate, scaleFactor);
      }
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Unknown TPC-H table '" + tableName + "'; available tables: " + TABLE_NAMES);
  }

  /** The TPC-H table names. */
  public static List<String> tableNames() {
    return TABLE_NAMES;
  }

  public String tableName() {
    return table.getTableName();
  }

  public double scaleFactor() {
    return scaleFactor;
  }

  @Override
  public String name() {
    return "tpch:"
        + table.getTableName()
        + "(sf="
        + BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString()
        + ")";
  }

  /** The primary keys of the TPC-H specification. */
  @Override
  public List<List<Integer>> uniqueKeys() {
    List<String> key =
        switch (table.getTableName()) {
          case "nation" -> List.of("n_nationkey");
          case "region" -> List.of("r_regionkey");
          case "part" -> List.of("p_partkey");
          case "supplier" -> List.of("s_suppkey");
          case "partsupp" -> List.of("ps_partkey", "ps_suppkey");
          case "customer" -> List.of("c_custkey");
          case "orders" -> List.of("o_orderkey");
          case "lineitem" -> List.of("l_orderkey", "l_linenumber");
          default -> List.of();
        };
    if (key.isEmpty()) {
      return List.of();
    }
    List<Integer> columns = new ArrayList<>();
    for (String column : key) {
      columns.add(schema.indexOf(column, "TPC-H " + table.getTableName()));
    }
    return List.of(columns);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public long estimatedRows() {
    return switch (table.getTableName()) {
      case "nation" -> 25;
      case "region" -> 5;
      case "part" -> (long) (200_000 * scaleFactor);
      case "supplier" -> (long) (10_000 * scaleFactor);
      case "partsupp" -> (long) (200_000 * scaleFactor) * 4;
      case "customer" -> (long) (150_000 * scaleFactor);
      case "orders" -> (long) (1_500_000 * scaleFactor);
      // About 4 line items per order.
      case "lineitem" -> (long) (1_500_000 * scaleFactor) * 4;
      default ->
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR, "No row estimate for TPC-H table " + table);
    };
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    if (parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Parallelism must be at least 1; found " + parallelism);
    }
    long worthSplitting = Math.max(1, estimatedRows() / MIN_ROWS_PER_SPLIT);
    // The generator puts the fixed-size tables (nation, region) in part 1 only.
    int partCount =
        estimatedRows() < MIN_ROWS_PER_SPLIT
            ? 1
            : (int) Math.min(parallelism, Math.min(worthSplitting, Integer.MAX_VALUE));
    List<SourceSplit> splits = new ArrayList<>(partCount);
    for (int part = 1; part <= partCount; part++) {
      splits.add(new TpchSplit(part, partCount));
    }
    return List.copyOf(splits);
  }

  @Override
  public String toString() {
    return name();
  }

  private static Schema schemaOf(TpchTable<?> table) {
    List<Field> fields = new ArrayList<>();
    for (TpchColumn<?> column : table.getColumns()) {
      fields.add(Field.notNull(column.getColumnName(), typeOf(column.getType())));
    }
    return new Schema(fields);
  }

  private static DataType typeOf(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> DataType.BIGINT;
      case INTEGER -> DataType.INT;
      case DOUBLE -> MONEY;
      case DATE -> DataType.DATE;
      case VARCHAR -> DataType.VARCHAR;
    };
  }

  /** One part of the generator's partitioning. */
  private final class TpchSplit implements SourceSplit {
    private final int part;
    private final int partCount;

    TpchSplit(int part, int partCount) {
      this.part = part;
      this.partCount = partCount;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      requireNonNull(allocator, "allocator is null");
      requireNonNull(columns, "columns is null");
      if (batchSize < 1) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT, "Batch size must be at least 1; found " + batchSize);
      }
      List<TpchColumn<?>> all = (List) table.getColumns();
      List<TpchColumn<TpchEntity>> selected = new ArrayList<>(columns.size());
      List<Field> fields = new ArrayList<>(columns.size());
      for (int column : columns) {
        if (column < 0 || column >= all.size()) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Column index for "
                  + name()
                  + " must be in [0, "
                  + all.size()
                  + "); found "
                  + column);
        }
        selected.add((TpchColumn<TpchEntity>) all.get(column));
        fields.add(schema.field(column));
      }
      Iterable<TpchEntity> rows =
          (Iterable<TpchEntity>) table.createGenerator(scaleFactor, part, partCount);
      return new TpchBatchReader(
          rows.iterator(), selected, new Schema(fields), allocator, batchSize);
    }

    @Override
    public String describe() {
      return name() + " part " + part + " of " + partCount;
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
