package dev.locus.adapters.spark.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.SourceSplit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * A Spark data source (DataSource V2, columnar) over a Locus scan: Spark reads the scan's Arrow
 * batches as {@link ColumnarBatch}es of {@code ArrowColumnVector}s, with no conversion to rows on
 * the way in.
 *
 * <p>A scan is registered here under a handle, which the DataFrame names as its {@code handle}
 * option. Two transfers:
 *
 * <ul>
 *   <li>{@link Transfer#MEMORY} (Spark in this JVM, {@code local[N]}): a partition is one Locus
 *       split, opened by the Spark task that reads it, so splits are read in parallel, streamed and
 *       never copied (the vectors Spark reads are the ones the source filled).
 *   <li>{@link Transfer#IPC} (executors in other JVMs): the scan is read when it is registered and
 *       each split travels inside its partition as an Arrow IPC stream.
 * </ul>
 */
public final class ArrowScanSource implements TableProvider {
  /** The DataFrame option naming a registered scan. */
  static final String HANDLE_OPTION = "handle";

  /** How a scan's batches reach the Spark tasks. */
  enum Transfer {
    MEMORY,
    IPC
  }

  /** A registered scan: its splits (memory) or their IPC streams, and the size estimate. */
  record Entry(
      String sourceName,
      List<SourceSplit> splits,
      List<Integer> columns,
      BufferAllocator allocator,
      List<byte[]> payloads,
      long estimatedRows,
      long bytesPerRow) {
    Entry {
      requireNonNull(sourceName, "sourceName is null");
      splits = List.copyOf(requireNonNull(splits, "splits is null"));
      columns = List.copyOf(requireNonNull(columns, "columns is null"));
      payloads = List.copyOf(requireNonNull(payloads, "payloads is null"));
    }
  }

  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

  /** Spark creates the provider by its class name; it keeps no state. */
  public ArrowScanSource() {}

  static String register(Entry entry) {
    String handle = UUID.randomUUID().toString();
    ENTRIES.put(handle, requireNonNull(entry, "entry is null"));
    return handle;
  }

  static void release(String handle) {
    ENTRIES.remove(handle);
  }

  static Entry entry(String handle) {
    Entry entry = ENTRIES.get(handle);
    if (entry == null) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Spark reads Locus scan "
              + handle
              + ", which is no longer registered (its query finished or failed)");
    }
    return entry;
  }

  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    throw new LocusException(
        ErrorCode.INTERNAL_ERROR, "A Locus scan is always read with the schema of its source");
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    String handle = properties.get(HANDLE_OPTION);
    if (handle == null) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "A Locus scan DataFrame needs the option " + HANDLE_OPTION);
    }
    return new ScanTable(handle, schema, "locus:" + entry(handle).sourceName());
  }

  /** The table, its scan builder, scan and batch in one: a Locus scan has nothing to push. */
  private static final class ScanTable
      implements SupportsRead, ScanBuilder, Scan, Batch, SupportsReportStatistics {
    private final String handle;
    private final StructType schema;
    private final String name;

    ScanTable(String handle, StructType schema, String name) {
      this.handle = handle;
      this.schema = schema;
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public StructType schema() {
      return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return this;
    }

    @Override
    public Scan build() {
      return this;
    }

    @Override
    public StructType readSchema() {
      return schema;
    }

    @Override
    public String description() {
      return name();
    }

    @Override
    public Batch toBatch() {
      return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
      Entry entry = entry(handle);
      List<InputPartition> partitions = new ArrayList<>();
      if (entry.payloads().isEmpty()) {
        for (int split = 0; split < entry.splits().size(); split++) {
          partitions.add(new ScanPartition(handle, split, null));
        }
      } else {
        for (byte[] payload : entry.payloads()) {
          partitions.add(new ScanPartition(handle, -1, payload));
        }
      }
      return partitions.toArray(new InputPartition[0]);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new ReaderFactory();
    }

    @Override
    public Statistics estimateStatistics() {
      Entry entry = entry(handle);
      long rows = entry.estimatedRows();
      OptionalLong numRows = rows < 0 ? OptionalLong.empty() : OptionalLong.of(rows);
      OptionalLong size =
          rows < 0 ? OptionalLong.empty() : OptionalLong.of(rows * entry.bytesPerRow());
      return new Statistics() {
        @Override
        public OptionalLong sizeInBytes() {
          return size;
        }

        @Override
        public OptionalLong numRows() {
          return numRows;
        }
      };
    }
  }

  /**
   * One partition: a split of a scan registered in this JVM, or (when {@code payload} is set) an
   * Arrow IPC stream of a split's batches.
   */
  record ScanPartition(String handle, int split, byte[] payload) implements InputPartition {}

  /** Columnar readers only: Spark turns the batches into rows itself where it needs rows. */
  private static final class ReaderFactory implements PartitionReaderFactory, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
      return true;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      throw new UnsupportedOperationException("A Locus scan is read in columnar batches only");
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
      ScanPartition scan = (ScanPartition) partition;
      return scan.payload() != null
          ? ArrowScanReaders.ipc(scan.payload())
          : ArrowScanReaders.split(entry(scan.handle()), scan.split());
    }
  }
}
