package dev.locus.scheduler;

import dev.locus.core.plan.LogicalPlan;
import dev.locus.scheduler.pipeline.Pipeline;

/** Pipelines of the typed API's object nodes (Map, FlatMap, ReduceByKey, ...). */
final class ObjectPipelines {
  private ObjectPipelines() {}

  static Pipeline build(PipelineBuilder builder, LogicalPlan node, int id) {
    // Object plan nodes are wired in here by the typed-API work.
    throw PipelineBuilder.unsupported(node);
  }
}
