package dev.locus.adapters.spark.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Row;

/**
 * The result of a plan run on Spark, as a Locus source of one split: opening the split builds the
 * DataFrame (reading the plan's Locus sources), runs it and hands out the collected rows as Arrow
 * batches of {@code plan.schema()}.
 */
final class SparkResultSource implements Source {
  private final SparkPlatform platform;
  private final LogicalPlan plan;
  private final Schema schema;

  SparkResultSource(SparkPlatform platform, LogicalPlan plan) {
    this.platform = requireNonNull(platform, "platform is null");
    this.plan = requireNonNull(plan, "plan is null");
    this.schema = plan.schema();
  }

  @Override
  public String name() {
    return "spark:" + plan.describe();
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
    return List.of(new ResultSplit());
  }

  private final class ResultSplit implements SourceSplit {
    @Override
    public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      requireNonNull(allocator, "allocator is null");
      List<Integer> selected = List.copyOf(requireNonNull(columns, "columns is null"));
      if (batchSize < 1) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT, "Batch size must be positive; found " + batchSize);
      }
      return new ResultReader(allocator, selected, batchSize);
    }

    @Override
    public String describe() {
      return name();
    }
  }

  private final class ResultReader implements BatchReader {
    private final BufferAllocator allocator;
    private final List<Integer> columns;
    private final Schema outputSchema;
    private final int batchSize;
    private List<Row> rows;
    private int position;

    ResultReader(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      this.allocator = allocator;
      this.columns = columns;
      this.outputSchema = new Schema(columns.stream().map(schema::field).toList());
      this.batchSize = batchSize;
    }

    @Override
    public VectorSchemaRoot next() {
      if (rows == null) {
        rows = collect();
      }
      if (position >= rows.size() && (position > 0 || !rows.isEmpty())) {
        return null;
      }
      if (rows.isEmpty()) {
        position = 1;
        return null;
      }
      int end = Math.min(rows.size(), position + batchSize);
      List<List<Object>> values = new ArrayList<>(end - position);
      for (int i = position; i < end; i++) {
        Row row = rows.get(i);
        List<Object> selected = new ArrayList<>(columns.size());
        for (int column : columns) {
          selected.add(row.get(column));
        }
        values.add(selected);
      }
      position = end;
      return Batches.fromRows(outputSchema, values, allocator);
    }

    private List<Row> collect() {
      try {
        return platform.withSession(
            (session, sourceAllocator) -> {
              try (SparkPlans plans = new SparkPlans(session, sourceAllocator, platform)) {
                return plans.dataFrame(plan).collectAsList();
              }
            });
      } catch (LocusException e) {
        throw e;
      } catch (Exception e) {
        // Spark throws Scala's undeclared checked SparkExceptions too.
        LocusException cause = locusCause(e);
        if (cause != null) {
          throw cause;
        }
        throw new LocusException(
            errorCode(e), "Spark failed to run " + plan.describe() + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      rows = null;
    }
  }

  /** The Locus error code of a Spark error, by Spark's error condition (ANSI mode errors). */
  static ErrorCode errorCode(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SparkThrowable spark && spark.getCondition() != null) {
        String condition = spark.getCondition();
        if (condition.startsWith("DIVIDE_BY_ZERO") || condition.startsWith("REMAINDER_BY_ZERO")) {
          return ErrorCode.DIVISION_BY_ZERO;
        }
        if (condition.contains("OVERFLOW") || condition.startsWith("NUMERIC_VALUE_OUT_OF_RANGE")) {
          return ErrorCode.NUMERIC_OVERFLOW;
        }
        if (condition.startsWith("CAST_INVALID_INPUT")) {
          return ErrorCode.INVALID_CAST;
        }
        if (condition.startsWith("USER_RAISED_EXCEPTION")) {
          return ErrorCode.INVALID_ARGUMENT;
        }
      }
    }
    return ErrorCode.USER_FUNCTION_FAILED;
  }

  private static LocusException locusCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof LocusException locus) {
        return locus;
      }
    }
    return null;
  }
}
