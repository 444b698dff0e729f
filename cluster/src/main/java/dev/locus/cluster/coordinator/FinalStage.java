package dev.locus.cluster.coordinator;

import dev.locus.cluster.node.InboxReads;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Values;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.StreamId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's last step, on the coordinator's node: reads the accepted attempt of every task from the
 * stages' inboxes, and runs the final plan over them. Made on the actor thread (it copies what it
 * needs from the job), run on a background thread.
 */
final class FinalStage {
  private record StageInput(
      int stageId, Schema schema, ExchangeInbox inbox, List<StreamId> streams) {}

  /** The result as an Arrow IPC stream, and its row count. */
  record Result(byte[] arrow, long rows) {}

  private final LogicalPlan finalPlan;
  private final ClassLoader classLoader;
  private final List<StageInput> inputs = new ArrayList<>();
  private final CoordinatorServices services;

  FinalStage(JobRun job, CoordinatorServices services) {
    this.finalPlan = job.plan.finalPlan();
    this.services = services;
    this.classLoader = services.classLoaders().forJar(job.request.jarId(), job.request.jarUrl());
    for (JobRun.StageRun stage : job.stages) {
      if (stage.inbox == null) {
        continue;
      }
      List<StreamId> streams = new ArrayList<>();
      for (JobRun.TaskRun task : stage.tasks) {
        streams.add(new StreamId(task.taskId, task.delivered[0], 0));
      }
      inputs.add(
          new StageInput(
              stage.stage.stageId(), stage.stage.fragment().schema(), stage.inbox, streams));
    }
  }

  Result run() {
    // Object batches (the typed API's) decode with the job's classes.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(classLoader);
    Map<Integer, LogicalPlan> outputs = new HashMap<>();
    List<ArrowMemorySource> sources = new ArrayList<>();
    try {
      for (StageInput input : inputs) {
        if (input.schema().isObjects()) {
          List<List<Object>> rows =
              InboxReads.objects(input.inbox(), input.streams(), services.allocator());
          outputs.put(input.stageId(), new Values(input.schema(), rows));
          continue;
        }
        ArrowMemorySource source =
            InboxReads.arrow(
                input.inbox(),
                input.streams(),
                services.allocator(),
                "stage-" + input.stageId(),
                input.schema());
        sources.add(source);
        outputs.put(input.stageId(), Scan.of(source));
      }
      QueryResult result = services.executor().execute(substitute(finalPlan, outputs));
      byte[] arrow = ResultCodec.encode(result.schema(), result.rows(), services.allocator());
      return new Result(arrow, result.rows().size());
    } finally {
      thread.setContextClassLoader(previous);
      sources.forEach(ArrowMemorySource::close);
      for (StageInput input : inputs) {
        input.inbox().close();
      }
    }
  }

  private static LogicalPlan substitute(LogicalPlan plan, Map<Integer, LogicalPlan> outputs) {
    if (plan instanceof Scan scan && scan.source() instanceof StageOutputSource stage) {
      LogicalPlan output = outputs.get(stage.stageId());
      return output instanceof Scan whole ? new Scan(whole.source(), scan.columns()) : output;
    }
    if (plan.inputs().isEmpty()) {
      return plan;
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(substitute(input, outputs));
    }
    return plan.withInputs(inputs);
  }
}
