package dev.locus.scheduler;

import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.FilterObjects;
import dev.locus.core.plan.FlatMapObjects;
import dev.locus.core.plan.GroupObjects;
import dev.locus.core.plan.JoinObjects;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.MapObjects;
import dev.locus.core.plan.ObjectsToRows;
import dev.locus.core.plan.ReduceObjectsByKey;
import dev.locus.core.plan.RowsToObjects;
import dev.locus.core.plan.SortObjects;
import dev.locus.core.plan.Values;
import dev.locus.operators.objects.DistinctObjectsOperator;
import dev.locus.operators.objects.FilterObjectsOperator;
import dev.locus.operators.objects.FlatMapObjectsOperator;
import dev.locus.operators.objects.GroupObjectsOperator;
import dev.locus.operators.objects.LimitObjectsOperator;
import dev.locus.operators.objects.MapObjectsOperator;
import dev.locus.operators.objects.ObjectHashJoinOperator;
import dev.locus.operators.objects.ObjectJoinTable;
import dev.locus.operators.objects.ObjectPartitioner;
import dev.locus.operators.objects.ObjectsToRowsOperator;
import dev.locus.operators.objects.ReduceObjectsByKeyOperator;
import dev.locus.operators.objects.RowsToObjectsOperator;
import dev.locus.operators.objects.SortObjectsOperator;
import dev.locus.operators.objects.SortedObjectRuns;
import dev.locus.scheduler.pipeline.BatchSource;
import dev.locus.scheduler.pipeline.MaterializedSource;
import dev.locus.scheduler.pipeline.OperatorFactory;
import dev.locus.scheduler.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Pipelines of the typed API's object nodes (Map, FlatMap, ReduceByKey, ...), whose batches are
 * {@code List<Object>}. Streaming nodes fuse into their input's pipeline; keyed nodes run in two
 * phases where they can (a combiner per partition, a shuffle by key hash, the final step), as
 * relational aggregations do; a join builds a shared table on its right input and streams the left
 * through it; a sort sorts each partition and merges the runs.
 */
final class ObjectPipelines {
  private ObjectPipelines() {}

  static Pipeline build(PipelineBuilder builder, LogicalPlan node, int id) {
    int batchSize = builder.config().batchSize();
    if (node instanceof Values values && values.schema().isObjects()) {
      return values(builder, values, id);
    }
    if (node instanceof MapObjects map) {
      return builder
          .build(map.input())
          .then(new OperatorFactory(id, "Map", p -> new MapObjectsOperator(map.function())));
    }
    if (node instanceof FlatMapObjects flatMap) {
      return builder
          .build(flatMap.input())
          .then(
              new OperatorFactory(
                  id, "FlatMap", p -> new FlatMapObjectsOperator(flatMap.function(), batchSize)));
    }
    if (node instanceof FilterObjects filter) {
      return builder
          .build(filter.input())
          .then(
              new OperatorFactory(
                  id, "Filter", p -> new FilterObjectsOperator(filter.predicate())));
    }
    if (node instanceof ReduceObjectsByKey reduce) {
      Pipeline input = builder.build(reduce.input());
      OperatorFactory.Factory reducer =
          p -> new ReduceObjectsByKeyOperator(reduce.key(), reduce.reducer(), batchSize);
      if (input.partitionCount() == 1) {
        return input.then(new OperatorFactory(id, "ReduceByKey", reducer));
      }
      Pipeline combined = input.then(new OperatorFactory(id, "ReduceByKey(partial)", reducer));
      return repartition(builder, combined, reduce.key(), "ReduceByKey")
          .then(new OperatorFactory(id, "ReduceByKey(final)", reducer));
    }
    if (node instanceof GroupObjects group) {
      Pipeline input = builder.build(group.input());
      if (input.partitionCount() > 1) {
        input = repartition(builder, input, group.key(), "GroupByKey");
      }
      return input.then(
          new OperatorFactory(
              id,
              "GroupByKey",
              p -> new GroupObjectsOperator(group.key(), group.groupFunction(), batchSize)));
    }
    if (node instanceof Distinct distinct && distinct.schema().isObjects()) {
      Pipeline input = builder.build(distinct.input());
      OperatorFactory.Factory dropDuplicates = p -> new DistinctObjectsOperator();
      if (input.partitionCount() == 1) {
        return input.then(new OperatorFactory(id, "Distinct", dropDuplicates));
      }
      Pipeline local = input.then(new OperatorFactory(id, "Distinct(partial)", dropDuplicates));
      return repartition(builder, local, Function.identity(), "Distinct")
          .then(new OperatorFactory(id, "Distinct(final)", dropDuplicates));
    }
    if (node instanceof JoinObjects join) {
      List<Object> buildSide =
          PipelineBuilder.flatten(builder.runner().materialize(builder.build(join.right())));
      Pipeline probe = builder.build(join.left());
      if (probe.partitionCount() == 0) {
        // The table counts finished probes: one empty probe still emits a RIGHT join's rows.
        probe = Pipeline.of(List.of(out -> {}), -1);
      }
      List<List<Object>> buildBatches = new ArrayList<>();
      for (Object batch : buildSide) {
        @SuppressWarnings("unchecked")
        List<Object> objects = (List<Object>) batch;
        buildBatches.add(objects);
      }
      ObjectJoinTable table =
          ObjectJoinTable.build(buildBatches, join.rightKey(), probe.partitionCount());
      return probe.then(
          new OperatorFactory(
              id,
              "Join",
              p -> new ObjectHashJoinOperator(join.type(), table, join.leftKey(), batchSize)));
    }
    if (node instanceof SortObjects sort) {
      Pipeline sorted =
          builder
              .build(sort.input())
              .then(
                  new OperatorFactory(
                      id,
                      "Sort",
                      p -> new SortObjectsOperator(sort.key(), sort.ascending(), batchSize)));
      if (sorted.partitionCount() == 1) {
        return sorted;
      }
      List<List<List<Object>>> runs = new ArrayList<>();
      for (List<Object> partition : builder.runner().materialize(sorted)) {
        List<List<Object>> run = new ArrayList<>();
        for (Object batch : partition) {
          @SuppressWarnings("unchecked")
          List<Object> objects = (List<Object>) batch;
          run.add(objects);
        }
        runs.add(run);
      }
      List<Object> merged = new ArrayList<>();
      SortedObjectRuns.merge(
          runs, sort.key(), sort.ascending(), Long.MAX_VALUE, batchSize, merged::add);
      return Pipeline.of(List.of(new MaterializedSource(merged)), -1);
    }
    if (node instanceof Limit limit && limit.schema().isObjects()) {
      Pipeline input = builder.build(limit.input());
      if (input.partitionCount() > 1) {
        long keep = limit.offset() + limit.count();
        input =
            builder.gather(
                input.then(
                    new OperatorFactory(id, "Limit", p -> new LimitObjectsOperator(0, keep))));
      }
      return input.then(
          new OperatorFactory(
              id, "Limit", p -> new LimitObjectsOperator(limit.offset(), limit.count())));
    }
    if (node instanceof ObjectsToRows toRows) {
      return builder
          .build(toRows.input())
          .then(
              new OperatorFactory(
                  id,
                  "ObjectsToRows",
                  p ->
                      new ObjectsToRowsOperator(
                          toRows.recordClass(), toRows.schema(), builder.allocator())));
    }
    if (node instanceof RowsToObjects toObjects) {
      return builder
          .build(toObjects.input())
          .then(
              new OperatorFactory(
                  id, "RowsToObjects", p -> new RowsToObjectsOperator(toObjects.recordClass())));
    }
    throw PipelineBuilder.unsupported(node);
  }

  /**
   * The objects of a collection, split into contiguous ranges over up to {@code parallelism}
   * partitions so that the typed API runs on all cores; the partitions in order hold the
   * collection's order.
   */
  private static Pipeline values(PipelineBuilder builder, Values values, int id) {
    List<Object> objects = new ArrayList<>(values.rows().size());
    for (List<Object> row : values.rows()) {
      objects.add(row.get(0));
    }
    int batchSize = builder.config().batchSize();
    int partitions = Math.max(1, Math.min(builder.config().parallelism(), objects.size()));
    List<BatchSource> sources = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      List<Object> range =
          objects.subList(
              (int) ((long) objects.size() * p / partitions),
              (int) ((long) objects.size() * (p + 1) / partitions));
      sources.add(
          out -> {
            for (int start = 0; start < range.size(); start += batchSize) {
              out.accept(
                  new ArrayList<>(range.subList(start, Math.min(range.size(), start + batchSize))));
            }
          });
    }
    return Pipeline.of(sources, id);
  }

  /** Runs a pipeline of object batches and splits its output by key hash over all partitions. */
  private static Pipeline repartition(
      PipelineBuilder builder, Pipeline input, Function<Object, ?> key, String operator) {
    int partitionCount = builder.config().parallelism();
    List<List<Object>> buckets = new ArrayList<>();
    for (int i = 0; i < partitionCount; i++) {
      buckets.add(Collections.synchronizedList(new ArrayList<>()));
    }
    builder
        .runner()
        .run(
            input,
            partition -> {
              ObjectPartitioner partitioner = new ObjectPartitioner(partitionCount, key, operator);
              return batch -> {
                @SuppressWarnings("unchecked")
                List<Object>[] parts = partitioner.partition((List<Object>) batch);
                for (int target = 0; target < parts.length; target++) {
                  if (parts[target] != null) {
                    buckets.get(target).add(parts[target]);
                  }
                }
              };
            });
    return Pipeline.of(buckets.stream().map(MaterializedSource::new).toList(), -1);
  }
}
