package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Vectors;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * A sub-plan run on Flink, read as one split: opening it translates the plan, submits the job and
 * streams the collected rows back as Arrow batches of the plan's schema.
 */
final class FlinkResultSource implements Source {
  private final FlinkPlatform platform;
  private final LogicalPlan plan;
  private final Schema schema;

  FlinkResultSource(FlinkPlatform platform, LogicalPlan plan) {
    this.platform = requireNonNull(platform, "platform is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.schema = plan.schema();
  }

  @Override
  public String name() {
    return "flink:" + plan.describe();
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public long estimatedRows() {
    return -1;
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    return List.of(
        new SourceSplit() {
          @Override
          public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
            return FlinkResultSource.this.open(allocator, columns, batchSize);
          }

          @Override
          public String describe() {
            return name();
          }
        });
  }

  private BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
    requireNonNull(allocator, "allocator is null");
    requireNonNull(columns, "columns is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size must be positive; found " + batchSize);
    }
    for (LogicalPlan node : nodes(plan, new ArrayList<>())) {
      Optional<String> reason = platform.cannotRun(node);
      if (reason.isPresent()) {
        throw new LocusException(ErrorCode.NOT_SUPPORTED, reason.get());
      }
    }
    List<Field> fields = new ArrayList<>(columns.size());
    for (int column : columns) {
      fields.add(schema.field(column));
    }
    Schema outputSchema = new Schema(fields);
    List<String> registeredScans = new ArrayList<>();
    try {
      CloseableIterator<Row> rows =
          platform.onPlannerThread(
              () -> {
                StreamTableEnvironment tableEnvironment = platform.tableEnvironment();
                PlanTranslator translator =
                    new PlanTranslator(
                        tableEnvironment, inputs(platform.environment(), registeredScans));
                return translator.translateRoot(plan).execute().collect();
              },
              plan);
      return new Reader(
          rows, columns, outputSchema, allocator, batchSize, registeredScans, platform, plan);
    } catch (RuntimeException e) {
      registeredScans.forEach(SplitRegistry::remove);
      throw e;
    }
  }

  private PlanTranslator.TableInputs inputs(
      StreamExecutionEnvironment environment, List<String> registeredScans) {
    boolean embedded = platform.isEmbedded();
    return new PlanTranslator.TableInputs() {
      @Override
      public DataStream<Row> scan(Scan scan, TypeInformation<Row> rowType) {
        List<SourceSplit> splits = scan.source().splits(environment.getParallelism());
        if (embedded) {
          String key =
              SplitRegistry.register(
                  new SplitRegistry.Entry(scan.source().name(), splits, scan.columns()));
          registeredScans.add(key);
          List<Integer> indices = new ArrayList<>(splits.size());
          for (int i = 0; i < splits.size(); i++) {
            indices.add(i);
          }
          return environment
              .fromData(indices, Types.INT)
              .rebalance()
              .flatMap(new ReadSplit(key), rowType);
        }
        List<Row> rows = readAll(splits, scan.columns());
        return rows.isEmpty() ? empty(rowType) : environment.fromData(rows, rowType);
      }

      @Override
      public DataStream<Row> rows(List<List<Object>> rows, TypeInformation<Row> rowType) {
        List<Row> flinkRows = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
          flinkRows.add(Row.of(row.toArray()));
        }
        return flinkRows.isEmpty() ? empty(rowType) : environment.fromData(flinkRows, rowType);
      }

      private DataStream<Row> empty(TypeInformation<Row> rowType) {
        // fromData needs an element: one that a function turns into no row.
        return environment.fromData(List.of(0), Types.INT).flatMap(new EmitNothing(), rowType);
      }
    };
  }

  /** Emits no row: an empty stream of a row type. */
  static final class EmitNothing implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Integer value, Collector<Row> out) {}
  }

  /**
   * Reads every split on the client, for a remote JobManager that cannot reach Locus sources. The
   * whole table is on the heap as Flink rows (and again, serialized, in the job graph): remote jobs
   * suit small inputs only.
   */
  private static List<Row> readAll(List<SourceSplit> splits, List<Integer> columns) {
    List<Row> rows = new ArrayList<>();
    try (BufferAllocator allocator = new org.apache.arrow.memory.RootAllocator()) {
      for (SourceSplit split : splits) {
        try (BatchReader reader = split.open(allocator, columns, Batches.DEFAULT_BATCH_SIZE)) {
          VectorSchemaRoot batch;
          while ((batch = reader.next()) != null) {
            try (VectorSchemaRoot owned = batch) {
              List<FieldVector> vectors = owned.getFieldVectors();
              for (int row = 0; row < owned.getRowCount(); row++) {
                Row values = new Row(vectors.size());
                for (int column = 0; column < vectors.size(); column++) {
                  values.setField(column, Vectors.getObject(vectors.get(column), row));
                }
                rows.add(values);
              }
            }
          }
        }
      }
    }
    return rows;
  }

  private static List<LogicalPlan> nodes(LogicalPlan plan, List<LogicalPlan> nodes) {
    nodes.add(plan);
    for (LogicalPlan input : plan.inputs()) {
      nodes(input, nodes);
    }
    return nodes;
  }

  /**
   * A Flink failure as a LocusException. One that Locus code threw inside a task keeps its code and
   * message when it is the user's or an external error; any other failure (an Error such as
   * OutOfMemoryError included) names the platform and the plan that failed.
   */
  static RuntimeException failure(Throwable e, LogicalPlan plan) {
    Throwable root = e;
    boolean outOfMemory = false;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof LocusException locus) {
        ErrorCode.Kind kind = locus.code().kind();
        if (kind == ErrorCode.Kind.USER_ERROR || kind == ErrorCode.Kind.EXTERNAL) {
          return locus;
        }
        return new LocusException(
            locus.code(),
            "Flink job failed running " + plan.describe() + ": " + locus.getMessage(),
            e);
      }
      outOfMemory |= cause instanceof OutOfMemoryError;
      root = cause;
    }
    return new LocusException(
        outOfMemory ? ErrorCode.OUT_OF_MEMORY : ErrorCode.INTERNAL_ERROR,
        "Flink job failed running " + plan.describe() + ": " + root,
        e);
  }

  /**
   * Streams collected Flink rows as Arrow batches: each row goes into the batch being filled as
   * Flink's collect iterator hands it over (it fetches bounded chunks from the job's collect sink,
   * which blocks the job when the client falls behind), so at most one batch is held here.
   */
  private static final class Reader implements BatchReader {
    /** Rows a batch has room for at first; it grows up to the batch size. */
    private static final int INITIAL_CAPACITY = 4096;

    private final CloseableIterator<Row> rows;
    private final int[] columns;
    private final DataType[] types;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final int batchSize;
    private final List<String> registeredScans;
    private final FlinkPlatform platform;
    private final LogicalPlan plan;
    private boolean closed;

    Reader(
        CloseableIterator<Row> rows,
        List<Integer> columns,
        Schema schema,
        BufferAllocator allocator,
        int batchSize,
        List<String> registeredScans,
        FlinkPlatform platform,
        LogicalPlan plan) {
      this.rows = rows;
      this.columns = new int[columns.size()];
      this.types = new DataType[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        this.columns[i] = columns.get(i);
        this.types[i] = schema.type(i);
      }
      this.schema = schema;
      this.allocator = allocator;
      this.batchSize = batchSize;
      this.registeredScans = registeredScans;
      this.platform = platform;
      this.plan = plan;
    }

    @Override
    public VectorSchemaRoot next() {
      if (closed) {
        return null;
      }
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(platform.pluginClassLoader());
      try {
        if (!rows.hasNext()) {
          return null;
        }
        VectorSchemaRoot batch =
            Batches.allocate(schema, allocator, Math.min(batchSize, INITIAL_CAPACITY));
        try {
          fill(batch);
          return batch;
        } catch (RuntimeException | Error e) {
          batch.close();
          throw e;
        }
      } catch (RuntimeException e) {
        throw failure(e, plan);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }

    private void fill(VectorSchemaRoot batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      int width = columns.length;
      int count = 0;
      while (count < batchSize && rows.hasNext()) {
        Row row = rows.next();
        for (int i = 0; i < width; i++) {
          Vectors.setObject(
              vectors.get(i), count, FlinkTypes.toLocus(row.getField(columns[i]), types[i]));
        }
        count++;
      }
      batch.setRowCount(count);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      registeredScans.forEach(SplitRegistry::remove);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(platform.pluginClassLoader());
      try {
        rows.close();
      } catch (Exception e) {
        throw failure(e, plan);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }
}
