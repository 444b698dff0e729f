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
        if (!task.finished) {
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
        retries += task.attempt;
        if (task.finished) {
          finished++;
          rows += task.rows;
        } else if (task.node != null && !ended()) {
          running++;
        }
        if (task.node != null) {
          nodes.add(task.node.node());
          sites.add(task.node.site());
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

  /** A stage's tasks and the inbox its output arrives in. */
  static final class StageRun {
    final Fragmenter.Stage stage;
    final byte[] fragment;
    final String exchange;
    final ExchangeInbox inbox;
    final List<TaskRun> tasks = new ArrayList<>();

    StageRun(Fragmenter.Stage stage, byte[] fragment, String exchange, ExchangeInbox inbox) {
      this.stage = stage;
      this.fragment = fragment;
      this.exchange = exchange;
      this.inbox = inbox;
      for (int i = 0; i < stage.table().splitCount(); i++) {
        tasks.add(new TaskRun(i));
      }
    }
  }

  /** One task: its current attempt, where that runs, and whether it finished. */
  static final class TaskRun {
    final int taskId;
    int attempt;
    ActorRef<WorkerActor.Command> worker;
    NodeDescription node;
    boolean finished;
    long rows;
    final Set<ActorRef<WorkerActor.Command>> workersUsed = new LinkedHashSet<>();

    TaskRun(int taskId) {
      this.taskId = taskId;
    }
  }
}
