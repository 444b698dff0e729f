package dev.locus.sql.tpch;

import static java.util.Objects.requireNonNull;

import dev.locus.core.api.Locus;
import dev.locus.core.batch.Batches;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.tpch.TpchSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The 8 TPC-H tables of one scale factor generated once into Arrow batches in memory, so that
 * queries run against them repeatedly (tests, benchmarks) do not pay for generating rows each time.
 * The rows are those of {@link TpchSource}, read through its splits.
 */
public final class TpchMemoryTables implements AutoCloseable {
  private final double scaleFactor;
  private final BufferAllocator allocator;
  private final Map<String, ArrowMemorySource> tables;

  private TpchMemoryTables(
      double scaleFactor, BufferAllocator allocator, Map<String, ArrowMemorySource> tables) {
    this.scaleFactor = scaleFactor;
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.tables = requireNonNull(tables, "tables is null");
  }

  /** Generates the tables of {@code scaleFactor} in batches of the default size. */
  public static TpchMemoryTables load(double scaleFactor) {
    return load(scaleFactor, Batches.DEFAULT_BATCH_SIZE);
  }

  /** Generates the tables of {@code scaleFactor} in batches of {@code batchSize} rows. */
  public static TpchMemoryTables load(double scaleFactor, int batchSize) {
    // Validates the scale factor before allocating anything.
    TpchSource.table("nation", scaleFactor);
    BufferAllocator allocator = new RootAllocator();
    Map<String, ArrowMemorySource> tables = new LinkedHashMap<>();
    TpchMemoryTables loaded = new TpchMemoryTables(scaleFactor, allocator, tables);
    try {
      for (String name : TpchSource.tableNames()) {
        tables.put(
            name,
            ArrowMemorySource.load(TpchSource.table(name, scaleFactor), allocator, batchSize));
      }
      return loaded;
    } catch (RuntimeException | Error e) {
      loaded.close();
      throw e;
    }
  }

  public double scaleFactor() {
    return scaleFactor;
  }

  /** The in-memory copy of a table ({@link TpchSource#tableNames()}), still owned by this. */
  public ArrowMemorySource table(String name) {
    requireNonNull(name, "name is null");
    ArrowMemorySource table = tables.get(TpchSource.table(name, scaleFactor).tableName());
    return requireNonNull(table, "table is null");
  }

  /** Registers the 8 tables under their own names on {@code locus}, for SQL. */
  public Locus registerIn(Locus locus) {
    requireNonNull(locus, "locus is null");
    tables.forEach(locus::register);
    return locus;
  }

  /** Bytes held by the tables. */
  public long bytes() {
    return allocator.getAllocatedMemory();
  }

  /**
   * Releases the tables. Batches that queries still hold stay valid until they are closed, so close
   * this after the sessions that read it.
   */
  @Override
  public void close() {
    tables.values().forEach(ArrowMemorySource::close);
    allocator.close();
  }
}
