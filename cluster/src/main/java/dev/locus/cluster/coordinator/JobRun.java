package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.worker.NodeDescription;
import dev.locus.cluster.worker.WorkerActor;
import dev.locus.shuffle.ExchangeInbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The state of one job on the coordinator: its stages, each task's current attempt and where it
 * runs. Touched only by the coordinator actor.
 */
final class JobRun {
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  final String jobId;
  final String name;
  final Instant submittedAt = Instant.now();
  final long startNanos = System.nanoTime();
  final CoordinatorActor.JobRequest request;
  Status status = Status.QUEUED;
  String errorCode;
  String errorMessage;
  long endNanos;
  Fragmenter.JobPlan plan;
  final List<StageRun> stages = new ArrayList<>();
  byte[] result;
  long resultRows = -1;
  boolean finalStageStarted;

  JobRun(String jobId, CoordinatorActor.JobRequest request) {
    this.jobId = requireNonNull(jobId, "jobId is null");
    this.request = requireNonNull(request, "request is null");
    this.name = request.name() == null ? "" : request.name();
  }

  boolean ended() {
    return status == Status.SUCCEEDED || status == Status.FAILED || status == Status.CANCELLED;
  }

  boolean allTasksFinished() {
    for (StageRun stage : stages) {
      for (TaskRun task : stage.tasks) {
        if (!task.finished()) {
          return false;
        }
      }
    }
    return true;
  }

  void end(Status endStatus, String code, String message) {
    status = endStatus;
    errorCode = code;
    errorMessage = message;
    endNanos = System.nanoTime();
  }

  /** Every worker this job has sent a task to. */
  Set<ActorRef<WorkerActor.Command>> workersUsed() {
    Set<ActorRef<WorkerActor.Command>> workers = new LinkedHashSet<>();
    for (StageRun stage : stages) {
      for (TaskRun task : stage.tasks) {
        workers.addAll(task.workersUsed);
      }
    }
    return workers;
  }

  JobView view() {
    List<JobView.StageView> stageViews = new ArrayList<>();
    for (StageRun stage : stages) {
      int finished = 0;
      int running = 0;
      int retries = 0;
      long rows = 0;
      Set<String> nodes = new LinkedHashSet<>();
      Set<String> sites = new LinkedHashSet<>();
      for (TaskRun task : stage.tasks) {
        retries += Math.max(0, task.nextAttempt - 1);
        if (task.finished()) {
          finished++;
          rows += task.rows;
        } else if (!task.running.isEmpty() && !ended()) {
          running++;
        }
        for (NodeDescription node : task.nodesUsed) {
          nodes.add(node.node());
          sites.add(node.site());
        }
      }
      stageViews.add(
          new JobView.StageView(
              stage.stage.stageId(),
              stage.stage.description(),
              stage.tasks.size(),
              finished,
              running,
              retries,
              new ArrayList<>(nodes),
              new ArrayList<>(sites),
              rows));
    }
    long elapsed = ((ended() ? endNanos : System.nanoTime()) - startNanos) / 1_000_000;
    return new JobView(
        jobId,
        name,
        status.name(),
        submittedAt.toString(),
        elapsed,
        errorCode,
        errorMessage,
        resultRows,
        stageViews);
  }

  /**
   * A stage's tasks, and, when its output is the job's, the coordinator's inbox it arrives in (null
   * for a stage that feeds a join stage).
   */
  static final class StageRun {
    final Fragmenter.Stage stage;
    final byte[] fragment;
    final ExchangeInbox inbox;
    final List<TaskRun> tasks = new ArrayList<>();

    StageRun(Fragmenter.Stage stage, byte[] fragment, ExchangeInbox inbox) {
      this.stage = stage;
      this.fragment = fragment;
      this.inbox = inbox;
      int consumers = stage.output().toCoordinator() ? 1 : stage.output().partitions();
      for (int i = 0; i < stage.tasks(); i++) {
        tasks.add(new TaskRun(i, consumers));
      }
    }
  }

  /** One attempt of a task: where it runs and which consumers it sends to. */
  record Attempt(
      int attempt,
      Set<Integer> targets,
      ActorRef<WorkerActor.Command> worker,
      NodeDescription node) {}

  /**
   * One task: its running attempts, and for each consumer of its output the attempt whose stream
   * reached it (-1 while none has). A task is finished when every consumer has its output. A join
   * task is placed (on {@code worker}) before it runs, since its inputs are sent to that node.
   */
  static final class TaskRun {
    final int taskId;
    final int[] delivered;
    final java.util.Map<Integer, Attempt> running = new java.util.HashMap<>();
    int nextAttempt;
    int generation;
    ActorRef<WorkerActor.Command> worker;
    NodeDescription node;
    long rows;
    final Set<ActorRef<WorkerActor.Command>> workersUsed = new LinkedHashSet<>();
    final Set<NodeDescription> nodesUsed = new LinkedHashSet<>();

    TaskRun(int taskId, int consumers) {
      this.taskId = taskId;
      this.delivered = new int[consumers];
      java.util.Arrays.fill(delivered, -1);
    }

    boolean finished() {
      for (int attempt : delivered) {
        if (attempt < 0) {
          return false;
        }
      }
      return true;
    }

    Set<Integer> undelivered() {
      Set<Integer> consumers = new java.util.TreeSet<>();
      for (int consumer = 0; consumer < delivered.length; consumer++) {
        if (delivered[consumer] < 0) {
          consumers.add(consumer);
        }
      }
      return consumers;
    }
  }
}
