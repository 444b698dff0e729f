package dev.locus.scheduler;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.RowExpressions;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sink;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.plan.Values;
import dev.locus.core.sink.SinkTarget;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.aggregate.AggregationMode;
import dev.locus.operators.aggregate.HashAggregateOperator;
import dev.locus.operators.exchange.HashPartitioner;
import dev.locus.operators.filter.FilterOperator;
import dev.locus.operators.join.HashJoinOperator;
import dev.locus.operators.join.JoinHashTable;
import dev.locus.operators.limit.LimitOperator;
import dev.locus.operators.project.ProjectOperator;
import dev.locus.operators.sort.SortOperator;
import dev.locus.operators.sort.SortedMerge;
import dev.locus.operators.sort.TopNOperator;
import dev.locus.scheduler.pipeline.BatchSource;
import dev.locus.scheduler.pipeline.MaterializedSource;
import dev.locus.scheduler.pipeline.OperatorFactory;
import dev.locus.scheduler.pipeline.Pipeline;
import dev.locus.scheduler.pipeline.PipelineRunner;
import dev.locus.scheduler.pipeline.ScanSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Turns a logical plan into pipelines for the local executor, node by node, running each blocking
 * stage (exchanges, hash-join builds, sorts) as soon as a later stage needs its output. Streaming
 * nodes (filter, project, join probe, typed map) are fused into the pipeline of their input.
 *
 * <p>Aggregations run in two phases (partial per partition, exchange by group key, final) unless
 * they hold a DISTINCT aggregate; joins build a hash table on the smaller side of an inner join
 * (the right side otherwise) and stream the other side through it.
 */
final class PipelineBuilder {
  private final BufferAllocator allocator;
  private final PipelineRunner runner;
  private final ExecutorConfig config;
  private final Map<LogicalPlan, Integer> nodeIds;
  private final List<AutoCloseable> queryResources = new ArrayList<>();

  PipelineBuilder(
      BufferAllocator allocator,
      PipelineRunner runner,
      ExecutorConfig config,
      IdentityHashMap<LogicalPlan, Integer> nodeIds) {
    this.allocator = allocator;
    this.runner = runner;
    this.config = config;
    this.nodeIds = nodeIds;
  }

  /** Resources that live as long as the query (hash tables), closed by the executor. */
  List<AutoCloseable> queryResources() {
    return queryResources;
  }

  Pipeline build(LogicalPlan node) {
    int id = nodeIds.get(node);
    if (node instanceof Scan scan) {
      List<SourceSplit> splits = scan.source().splits(config.parallelism());
      return Pipeline.of(
          splits.stream()
              .map(split -> new ScanSource(split, scan.columns(), config.batchSize(), allocator))
              .toList(),
          id);
    }
    if (node instanceof Values values && !values.schema().isObjects()) {
      return Pipeline.of(List.of(valuesSource(values)), id);
    }
    if (node instanceof Filter filter) {
      Schema inputSchema = filter.input().schema();
      return build(filter.input())
          .then(
              new OperatorFactory(
                  id,
                  "Filter",
                  partition -> new FilterOperator(filter.condition(), inputSchema, allocator)));
    }
    if (node instanceof Project project) {
      Schema inputSchema = project.input().schema();
      Schema outputSchema = project.schema();
      return build(project.input())
          .then(
              new OperatorFactory(
                  id,
                  "Project",
                  partition ->
                      new ProjectOperator(
                          inputSchema, project.expressions(), outputSchema, allocator)));
    }
    if (node instanceof Aggregate aggregate) {
      return aggregate(
          build(aggregate.input()),
          aggregate.input().schema(),
          aggregate.groupKeys(),
          aggregate.aggregates(),
          id);
    }
    if (node instanceof Distinct distinct && !distinct.schema().isObjects()) {
      Schema schema = distinct.input().schema();
      List<Integer> allColumns = IntStream.range(0, schema.size()).boxed().toList();
      return aggregate(build(distinct.input()), schema, allColumns, List.of(), id);
    }
    if (node instanceof Join join) {
      return join(join, id);
    }
    if (node instanceof Sort sort) {
      Schema schema = sort.schema();
      OperatorFactory.Factory sorter =
          partition -> new SortOperator(sort.keys(), schema, allocator);
      Pipeline input = build(sort.input());
      if (input.partitionCount() == 1) {
        return input.then(new OperatorFactory(id, "Sort", sorter));
      }
      return merge(
          input.then(OperatorFactory.helper(id, "Sort", sorter)),
          sort.keys(),
          schema,
          Long.MAX_VALUE,
          id);
    }
    if (node instanceof TopN topN) {
      Schema schema = topN.schema();
      OperatorFactory.Factory best =
          partition -> new TopNOperator(topN.keys(), topN.count(), schema, allocator);
      Pipeline input = build(topN.input());
      if (input.partitionCount() == 1) {
        return input.then(new OperatorFactory(id, "TopN", best));
      }
      return merge(
          input.then(OperatorFactory.helper(id, "TopN", best)),
          topN.keys(),
          schema,
          topN.count(),
          id);
    }
    if (node instanceof Limit limit && !limit.schema().isObjects()) {
      Pipeline input = build(limit.input());
      if (input.partitionCount() > 1) {
        long keep = limit.offset() + limit.count();
        input =
            gather(
                input.then(
                    OperatorFactory.helper(
                        id, "Limit", partition -> new LimitOperator(0, keep, allocator))));
      }
      return input.then(
          new OperatorFactory(
              id,
              "Limit",
              partition -> new LimitOperator(limit.offset(), limit.count(), allocator)));
    }
    if (node instanceof Union union) {
      return Pipeline.concat(union.inputs().stream().map(this::build).toList());
    }
    if (node instanceof Sink sink) {
      return sink(sink, id);
    }
    return ObjectPipelines.build(this, node, id);
  }

  BufferAllocator allocator() {
    return allocator;
  }

  PipelineRunner runner() {
    return runner;
  }

  ExecutorConfig config() {
    return config;
  }

  private BatchSource valuesSource(Values values) {
    return out -> {
      List<List<Object>> rows = values.rows();
      for (int start = 0; start < rows.size(); start += config.batchSize()) {
        out.accept(
            Batches.fromRows(
                values.schema(),
                rows.subList(start, Math.min(rows.size(), start + config.batchSize())),
                allocator));
      }
    };
  }

  private Pipeline aggregate(
      Pipeline input,
      Schema inputSchema,
      List<Integer> groupKeys,
      List<AggregateCall> calls,
      int id) {
    boolean distinct = calls.stream().anyMatch(AggregateCall::distinct);
    if (distinct || input.partitionCount() == 1) {
      Pipeline exchanged =
          input.partitionCount() == 1
              ? input
              : groupKeys.isEmpty() ? gather(input) : repartition(input, groupKeys);
      return exchanged.then(
          new OperatorFactory(
              id,
              "Aggregate",
              partition ->
                  new HashAggregateOperator(
                      AggregationMode.SINGLE, inputSchema, groupKeys, calls, allocator)));
    }
    Pipeline partial =
        input.then(
            OperatorFactory.helper(
                id,
                "Aggregate(partial)",
                partition ->
                    new HashAggregateOperator(
                        AggregationMode.PARTIAL, inputSchema, groupKeys, calls, allocator)));
    List<Integer> intermediateKeys = IntStream.range(0, groupKeys.size()).boxed().toList();
    Pipeline exchanged =
        groupKeys.isEmpty() ? gather(partial) : repartition(partial, intermediateKeys);
    return exchanged.then(
        new OperatorFactory(
            id,
            "Aggregate(final)",
            partition ->
                new HashAggregateOperator(
                    AggregationMode.FINAL, inputSchema, groupKeys, calls, allocator)));
  }

  private Pipeline join(Join join, int id) {
    Schema leftSchema = join.left().schema();
    Schema rightSchema = join.right().schema();
    boolean swap =
        join.type() == JoinType.INNER
            && !join.leftKeys().isEmpty()
            && CardinalityEstimator.estimate(join.left())
                < CardinalityEstimator.estimate(join.right());
    LogicalPlan buildPlan = swap ? join.left() : join.right();
    LogicalPlan probePlan = swap ? join.right() : join.left();
    Schema buildSchema = swap ? leftSchema : rightSchema;
    Schema probeSchema = swap ? rightSchema : leftSchema;
    List<Integer> buildKeys = swap ? join.leftKeys() : join.rightKeys();
    List<Integer> probeKeys = swap ? join.rightKeys() : join.leftKeys();
    RowExpression residual = join.residual();
    if (swap && join.hasResidual()) {
      int leftWidth = leftSchema.size();
      int rightWidth = rightSchema.size();
      residual =
          RowExpressions.remap(residual, i -> i < leftWidth ? i + rightWidth : i - leftWidth);
    }

    JoinHashTable table =
        JoinHashTable.build(
            flatten(runner.materialize(build(buildPlan))), buildSchema, buildKeys, allocator);
    queryResources.add(table);
    RowExpression probeResidual = residual;
    OperatorFactory.Factory probe =
        partition ->
            new HashJoinOperator(
                join.type(), table, probeKeys, probeResidual, probeSchema, buildSchema, allocator);
    Pipeline probed =
        build(probePlan)
            .then(
                swap
                    ? OperatorFactory.helper(id, "Join", probe)
                    : new OperatorFactory(id, "Join", probe));
    if (swap) {
      // Restore the left-then-right column order.
      Schema swappedSchema = rightSchema.concat(leftSchema);
      List<RowExpression> reorder = new ArrayList<>();
      for (int i = 0; i < leftSchema.size(); i++) {
        reorder.add(new InputRef(rightSchema.size() + i, leftSchema.type(i)));
      }
      for (int i = 0; i < rightSchema.size(); i++) {
        reorder.add(new InputRef(i, rightSchema.type(i)));
      }
      Schema outputSchema = join.schema();
      probed =
          probed.then(
              new OperatorFactory(
                  id,
                  "Join",
                  partition ->
                      new ProjectOperator(swappedSchema, reorder, outputSchema, allocator)));
    }
    if (join.type() == JoinType.RIGHT || join.type() == JoinType.FULL) {
      List<List<Object>> outputs = new ArrayList<>(runner.materialize(probed));
      List<Object> unmatched = new ArrayList<>();
      table.emitUnmatchedBuildRows(leftSchema, unmatched::add, allocator);
      outputs.add(unmatched);
      return Pipeline.of(outputs.stream().map(MaterializedSource::new).toList(), -1);
    }
    return probed;
  }

  /**
   * Runs sorted partitions and merges them into one sorted partition, whose rows count as the
   * output of node {@code id}.
   */
  private Pipeline merge(
      Pipeline sortedRuns, List<SortKey> keys, Schema schema, long limit, int id) {
    List<List<Object>> runs = runner.materialize(sortedRuns);
    List<List<VectorSchemaRoot>> typed = new ArrayList<>();
    for (List<Object> run : runs) {
      List<VectorSchemaRoot> batches = new ArrayList<>();
      for (Object batch : run) {
        batches.add((VectorSchemaRoot) batch);
      }
      typed.add(batches);
    }
    List<Object> merged = new ArrayList<>();
    SortedMerge.merge(typed, keys, schema, limit, allocator, merged::add);
    return Pipeline.of(List.of(new MaterializedSource(merged)), id);
  }

  /** Runs a pipeline and puts all its output in one partition. */
  Pipeline gather(Pipeline input) {
    return Pipeline.of(List.of(new MaterializedSource(flatten(runner.materialize(input)))), -1);
  }

  static <T> List<T> flatten(List<List<Object>> partitions) {
    List<T> all = new ArrayList<>();
    for (List<Object> partition : partitions) {
      for (Object batch : partition) {
        @SuppressWarnings("unchecked")
        T typed = (T) batch;
        all.add(typed);
      }
    }
    return all;
  }

  /** Runs a pipeline and hash-partitions its output rows by key columns. */
  Pipeline repartition(Pipeline input, List<Integer> keys) {
    int partitionCount = config.parallelism();
    List<List<Object>> buckets = new ArrayList<>();
    for (int i = 0; i < partitionCount; i++) {
      buckets.add(Collections.synchronizedList(new ArrayList<>()));
    }
    try {
      runner.run(
          input,
          partition -> {
            HashPartitioner partitioner = new HashPartitioner(keys, partitionCount);
            return batch -> {
              try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
                VectorSchemaRoot[] parts = partitioner.partition(root, allocator);
                for (int target = 0; target < parts.length; target++) {
                  if (parts[target] != null) {
                    buckets.get(target).add(parts[target]);
                  }
                }
              }
            };
          });
    } catch (RuntimeException e) {
      buckets.forEach(PipelineRunner::closeBatches);
      throw e;
    }
    return Pipeline.of(buckets.stream().map(MaterializedSource::new).toList(), -1);
  }

  private Pipeline sink(Sink sink, int id) {
    SinkTarget target = sink.target();
    Schema schema = sink.input().schema();
    Pipeline input = build(sink.input());
    int partitionCount = input.partitionCount();
    AtomicLong written = new AtomicLong();
    List<SinkTarget.Writer> writers = Collections.synchronizedList(new ArrayList<>());
    try {
      runner.run(
          input,
          partition -> {
            SinkTarget.Writer writer = target.open(schema, partition, partitionCount);
            writers.add(writer);
            return new PipelineRunner.PartitionSink() {
              @Override
              public void accept(Object batch) {
                try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
                  writer.write(root);
                  written.addAndGet(root.getRowCount());
                }
              }

              @Override
              public void finish() {
                writers.remove(writer);
                writer.close();
              }
            };
          });
    } finally {
      // Writers of failed partitions.
      for (SinkTarget.Writer writer : List.copyOf(writers)) {
        writer.close();
      }
    }
    target.commit(partitionCount);
    Schema resultSchema = Schema.of(Field.notNull("rows_written", DataType.BIGINT));
    long rows = written.get();
    return Pipeline.of(
        List.of(
            out -> out.accept(Batches.fromRows(resultSchema, List.of(List.of(rows)), allocator))),
        id);
  }

  static LocusException unsupported(LogicalPlan node) {
    return new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "The local executor cannot run " + node.operatorName() + ": " + node.describe());
  }
}
