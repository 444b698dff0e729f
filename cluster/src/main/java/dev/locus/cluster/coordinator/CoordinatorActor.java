package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import dev.locus.cluster.worker.NodeDescription;
import dev.locus.cluster.worker.TaskSpec;
import dev.locus.cluster.worker.WorkerActor;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.catalog.SqlFrontEnd;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.PlatformHint;
import dev.locus.core.plan.rewrite.LogicalRewrites;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.StreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job manager (a cluster singleton): keeps the registry of workers and the data they reach,
 * plans submitted jobs into stages, places each task on a reachable worker that can read its split,
 * re-runs the tasks of a worker that becomes unreachable, and runs each job's final plan over its
 * stages' outputs. Planning and final plans run on background threads; the actor never blocks.
 */
public final class CoordinatorActor extends AbstractBehavior<CoordinatorActor.Command> {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorActor.class);
  private static final int MAX_ATTEMPTS = 8;
  private static final int JOBS_KEPT = 200;

  /** Messages the coordinator handles. */
  public interface Command extends ClusterMessage {}

  /**
   * A job to run: SQL text (with unqualified tables in {@code schema}, such as {@code tpch.sf1},
   * when given), or a plan encoded with {@code ObjectBatchCodec} whose user classes are in the jar
   * {@code jarId} (fetched from {@code jarUrl}).
   */
  public record JobRequest(
      String name, String sql, String schema, byte[] plan, String jarId, String jarUrl)
      implements ClusterMessage {
    public JobRequest {
      if ((sql == null) == (plan == null)) {
        throw new IllegalArgumentException("a job is either SQL or a plan");
      }
    }
  }

  public record SubmitJob(JobRequest request, ActorRef<SubmitAnswer> replyTo) implements Command {}

  /** The new job's id, or why it was refused. */
  public record SubmitAnswer(String jobId, String errorCode, String errorMessage)
      implements ClusterMessage {}

  public record ListJobs(ActorRef<JobList> replyTo) implements Command {}

  public record JobList(List<JobView> jobs) implements ClusterMessage {}

  /** The job's view now, or once it ends if that is within {@code waitMillis}. */
  public record GetJob(String jobId, long waitMillis, ActorRef<JobAnswer> replyTo)
      implements Command {}

  public record CancelJob(String jobId, ActorRef<JobAnswer> replyTo) implements Command {}

  /** A job's view; null when no job has that id. */
  public record JobAnswer(JobView job) implements ClusterMessage {}

  public record GetResult(String jobId, ActorRef<ResultAnswer> replyTo) implements Command {}

  /**
   * A job's result as an Arrow IPC stream, or its status and error when it has none.
   *
   * @param status null when no job has that id
   */
  public record ResultAnswer(String status, byte[] arrow, String errorCode, String errorMessage)
      implements ClusterMessage {}

  public record GetRegistry(ActorRef<Registry> replyTo) implements Command {}

  /** Explains a job before it runs: its stages, where each can run, and its final plan. */
  public record ExplainJob(JobRequest request, ActorRef<ExplainAnswer> replyTo)
      implements Command {}

  /** Explains a job that ran (or runs): the same, with the nodes and sites each stage ran on. */
  public record ExplainRun(String jobId, ActorRef<ExplainAnswer> replyTo) implements Command {}

  /** An explanation, or why there is none; {@code errorCode} JOB_NOT_FOUND for an unknown job. */
  public record ExplainAnswer(String text, String errorCode, String errorMessage)
      implements ClusterMessage {}

  private record Explained(Planned planned, Registry registry, ActorRef<ExplainAnswer> replyTo)
      implements Command {}

  public record GetMetrics(ActorRef<MetricsText> replyTo) implements Command {}

  /** Metrics in Prometheus' text format. */
  public record MetricsText(String text) implements ClusterMessage {}

  private record WorkersListed(Receptionist.Listing listing) implements Command {}

  private record Described(ActorRef<WorkerActor.Command> worker, NodeDescription node)
      implements Command {}

  private record MemberReachability(String memberAddress, boolean reachable, boolean removed)
      implements Command {}

  private record Planned(
      String jobId,
      Fragmenter.JobPlan plan,
      List<byte[]> fragments,
      LocusException error,
      ActorRef<SubmitAnswer> replyTo)
      implements Command {}

  private record Finished(String jobId, byte[] arrow, long rows, LocusException error)
      implements Command {}

  private record WaitExpired(String jobId, ActorRef<JobAnswer> replyTo) implements Command {}

  /** A failed task's next attempt, after {@link #retryDelay}. */
  private record Retry(
      String jobId, int stageId, int taskId, Set<Integer> targets, String reason, ErrorCode code)
      implements Command {}

  private final CoordinatorServices services;
  private final Map<ActorRef<WorkerActor.Command>, NodeDescription> workers = new LinkedHashMap<>();
  private final Set<String> unreachable = new java.util.HashSet<>();
  private final LinkedHashMap<String, JobRun> jobs = new LinkedHashMap<>();
  private final Map<String, List<ActorRef<JobAnswer>>> waiters = new HashMap<>();
  private final Map<ActorRef<WorkerActor.Command>, Integer> runningTasks = new HashMap<>();
  private final AtomicLong jobCounter = new AtomicLong();
  private final String idPrefix = Long.toString(System.currentTimeMillis() % 100_000, 36);
  private long submitted;
  private long succeeded;
  private long failed;
  private long cancelled;
  private long retries;

  private CoordinatorActor(ActorContext<Command> context, CoordinatorServices services) {
    super(context);
    this.services = services;
    ActorRef<Receptionist.Listing> listings =
        context.messageAdapter(Receptionist.Listing.class, WorkersListed::new);
    context.getSystem().receptionist().tell(Receptionist.subscribe(WorkerActor.KEY, listings));
    ActorRef<ClusterEvent.ReachabilityEvent> reachability =
        context.messageAdapter(
            ClusterEvent.ReachabilityEvent.class,
            event ->
                new MemberReachability(
                    event.member().address().toString(),
                    event instanceof ClusterEvent.ReachableMember,
                    false));
    ActorRef<ClusterEvent.MemberRemoved> removals =
        context.messageAdapter(
            ClusterEvent.MemberRemoved.class,
            event -> new MemberReachability(event.member().address().toString(), false, true));
    Cluster cluster = Cluster.get(context.getSystem());
    cluster
        .subscriptions()
        .tell(Subscribe.create(reachability, ClusterEvent.ReachabilityEvent.class));
    cluster.subscriptions().tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
  }

  public static Behavior<Command> create(CoordinatorServices services) {
    requireNonNull(services, "services is null");
    return Behaviors.setup(context -> new CoordinatorActor(context, services));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(SubmitJob.class, this::onSubmit)
        .onMessage(Planned.class, this::onPlanned)
        .onMessage(TaskReport.class, this::onTaskReport)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(GetJob.class, this::onGetJob)
        .onMessage(WaitExpired.class, this::onWaitExpired)
        .onMessage(Retry.class, this::onRetry)
        .onMessage(ListJobs.class, this::onListJobs)
        .onMessage(CancelJob.class, this::onCancel)
        .onMessage(GetResult.class, this::onGetResult)
        .onMessage(GetRegistry.class, this::onGetRegistry)
        .onMessage(ExplainJob.class, this::onExplainJob)
        .onMessage(Explained.class, this::onExplained)
        .onMessage(ExplainRun.class, this::onExplainRun)
        .onMessage(GetMetrics.class, this::onGetMetrics)
        .onMessage(WorkersListed.class, this::onWorkersListed)
        .onMessage(Described.class, this::onDescribed)
        .onMessage(MemberReachability.class, this::onReachability)
        .build();
  }

  // ---- registry

  private Behavior<Command> onWorkersListed(WorkersListed message) {
    Set<ActorRef<WorkerActor.Command>> listed =
        message.listing().getServiceInstances(WorkerActor.KEY);
    workers.keySet().removeIf(worker -> !listed.contains(worker));
    for (ActorRef<WorkerActor.Command> worker : listed) {
      if (!workers.containsKey(worker)) {
        getContext()
            .ask(
                NodeDescription.class,
                worker,
                Duration.ofSeconds(10),
                WorkerActor.Describe::new,
                (node, failure) -> node == null ? null : new Described(worker, node));
      }
    }
    return this;
  }

  private Behavior<Command> onDescribed(Described message) {
    if (message == null) {
      return this;
    }
    workers.put(message.worker(), message.node());
    unreachable.remove(message.node().memberAddress());
    LOG.info(
        "Worker {} in site {} serves {}",
        message.node().node(),
        message.node().site(),
        message.node().catalogs().keySet());
    return this;
  }

  private Registry registry() {
    List<Registry.Entry> entries = new ArrayList<>();
    workers.forEach(
        (worker, node) ->
            entries.add(
                new Registry.Entry(worker, node, !unreachable.contains(node.memberAddress()))));
    return new Registry(entries);
  }

  private Behavior<Command> onGetRegistry(GetRegistry message) {
    message.replyTo().tell(registry());
    return this;
  }

  private Behavior<Command> onReachability(MemberReachability message) {
    if (message.reachable()) {
      unreachable.remove(message.memberAddress());
      return this;
    }
    unreachable.add(message.memberAddress());
    if (message.removed()) {
      workers.values().removeIf(node -> node.memberAddress().equals(message.memberAddress()));
    }
    if (message.removed()) {
      LOG.info("Node {} left the cluster", message.memberAddress());
    } else {
      LOG.warn("Node {} is unreachable; re-placing its running tasks", message.memberAddress());
    }
    for (JobRun job : new ArrayList<>(jobs.values())) {
      if (job.status == JobRun.Status.RUNNING) {
        nodeLost(job, message.memberAddress());
      }
    }
    return this;
  }

  /**
   * Re-places what a lost node held for a job. A join task placed there loses the input sent to it,
   * so it moves to another node and every producer of its input sends its partition again; a task
   * attempt running there runs again elsewhere. Output that already reached the coordinator or a
   * join task on another node is kept.
   */
  private void nodeLost(JobRun job, String memberAddress) {
    for (JobRun.StageRun stage : job.stages) {
      if (stage.stage.inputStages().isEmpty()) {
        continue;
      }
      for (JobRun.TaskRun task : stage.tasks) {
        if (task.node == null
            || task.finished()
            || !task.node.memberAddress().equals(memberAddress)) {
          continue;
        }
        String lost = task.node.node() + " (site " + task.node.site() + ")";
        if (!placeJoinTask(job, stage, task)) {
          return;
        }
        LOG.info(
            "{} stage {} task {} moves from {} to {}; its inputs are sent again",
            job.jobId,
            stage.stage.stageId(),
            task.taskId,
            lost,
            task.node.node());
        reopen(job, stage, task, "it moved from " + lost);
        if (job.ended()) {
          return;
        }
      }
    }
    for (JobRun.StageRun stage : job.stages) {
      for (JobRun.TaskRun task : stage.tasks) {
        for (JobRun.Attempt attempt : new ArrayList<>(task.running.values())) {
          if (attempt.node().memberAddress().equals(memberAddress)) {
            task.running.remove(attempt.attempt());
            released(attempt);
            discardGathered(stage, task, attempt.attempt());
            String lost = attempt.node().node() + " (site " + attempt.node().site() + ")";
            launch(job, stage, task, attempt.targets(), "node " + lost + " became unreachable");
            if (job.ended()) {
              return;
            }
          }
        }
      }
    }
  }

  // ---- explain

  private Behavior<Command> onExplainJob(ExplainJob message) {
    Registry registry = registry();
    ActorRef<Command> self = getContext().getSelf();
    CompletableFuture.runAsync(
        () -> {
          Planned planned;
          try {
            planned = plan("explain", message.request(), registry, null);
          } catch (LocusException e) {
            planned = new Planned("explain", null, null, e, null);
          } catch (RuntimeException | LinkageError e) {
            planned =
                new Planned(
                    "explain",
                    null,
                    null,
                    new LocusException(ErrorCode.INTERNAL_ERROR, "Planning failed: " + e, e),
                    null);
          }
          self.tell(new Explained(planned, registry, message.replyTo()));
        },
        services.background());
    return this;
  }

  private Behavior<Command> onExplained(Explained message) {
    Planned planned = message.planned();
    if (planned.error() != null) {
      message
          .replyTo()
          .tell(
              new ExplainAnswer(null, planned.error().code().name(), planned.error().getMessage()));
      return this;
    }
    StringBuilder text = new StringBuilder();
    for (Fragmenter.Stage stage : planned.plan().stages()) {
      text.append("Stage ")
          .append(stage.stageId())
          .append(" on the workers, ")
          .append(stage.tasks())
          .append(stage.tasks() == 1 ? " task" : " tasks")
          .append(": ")
          .append(stage.description())
          .append('\n');
      List<String> servers = new ArrayList<>();
      List<Registry.Entry> candidates =
          stage.isSource()
              ? message.registry().serving(stage.table().catalog())
              : message.registry().workers().stream().filter(Registry.Entry::reachable).toList();
      for (Registry.Entry entry : candidates) {
        servers.add(entry.node().node() + " (site " + entry.node().site() + ")");
      }
      if (!stage.output().toCoordinator() && stage.output().broadcast()) {
        text.append("  sends to stage ")
            .append(stage.output().consumerStage())
            .append(", broadcast to each of its ")
            .append(stage.output().partitions())
            .append(" tasks\n");
      } else if (!stage.output().toCoordinator()) {
        text.append("  sends to stage ")
            .append(stage.output().consumerStage())
            .append(", hash-partitioned on columns ")
            .append(stage.output().keys())
            .append(" into ")
            .append(stage.output().partitions())
            .append(" parts\n");
      }
      text.append("  can run on: ").append(servers).append('\n');
      indent(text, dev.locus.core.explain.PlanPrinter.explain(stage.fragment()));
    }
    text.append("Final stage on the coordinator").append(coordinatorNode()).append(":\n");
    indent(text, dev.locus.core.explain.PlanPrinter.explain(planned.plan().finalPlan()));
    message.replyTo().tell(new ExplainAnswer(text.toString(), null, null));
    return this;
  }

  private Behavior<Command> onExplainRun(ExplainRun message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null) {
      message
          .replyTo()
          .tell(
              new ExplainAnswer(
                  null,
                  ErrorCode.JOB_NOT_FOUND.name(),
                  "No job with id '" + message.jobId() + "'"));
      return this;
    }
    if (job.plan == null) {
      message
          .replyTo()
          .tell(new ExplainAnswer("Job " + job.jobId + " is being planned\n", null, null));
      return this;
    }
    StringBuilder text = new StringBuilder();
    text.append("Job ").append(job.jobId).append(": ").append(job.status).append('\n');
    for (JobView.StageView stage : job.view().stages()) {
      text.append("Stage ")
          .append(stage.stageId())
          .append(" ran on ")
          .append(stage.nodes())
          .append(" in sites ")
          .append(stage.sites())
          .append(", ")
          .append(stage.finished())
          .append('/')
          .append(stage.tasks())
          .append(" tasks finished, ")
          .append(stage.retries())
          .append(" re-run, ")
          .append(stage.rows())
          .append(" rows out: ")
          .append(stage.description())
          .append('\n');
      indent(
          text,
          dev.locus.core.explain.PlanPrinter.explain(
              job.plan.stages().get(stage.stageId()).fragment()));
    }
    text.append("Final stage on the coordinator").append(coordinatorNode()).append(":\n");
    indent(text, dev.locus.core.explain.PlanPrinter.explain(job.plan.finalPlan()));
    message.replyTo().tell(new ExplainAnswer(text.toString(), null, null));
    return this;
  }

  private String coordinatorNode() {
    org.apache.pekko.actor.Address self =
        Cluster.get(getContext().getSystem()).selfMember().address();
    for (NodeDescription node : workers.values()) {
      if (node.memberAddress().equals(self.toString())) {
        return " (" + node.node() + ", site " + node.site() + ")";
      }
    }
    return " (" + self.host().get() + ":" + self.port().get() + ")";
  }

  private static void indent(StringBuilder text, String block) {
    for (String line : block.split("\n")) {
      text.append("  ").append(line).append('\n');
    }
  }

  // ---- submission and planning

  private Behavior<Command> onSubmit(SubmitJob message) {
    String jobId = "job-" + idPrefix + "-" + jobCounter.incrementAndGet();
    JobRun job = new JobRun(jobId, message.request());
    jobs.put(jobId, job);
    submitted++;
    trimJobs();
    Registry registry = registry();
    ActorRef<Command> self = getContext().getSelf();
    CompletableFuture.runAsync(
        () -> {
          try {
            self.tell(plan(jobId, message.request(), registry, message.replyTo()));
          } catch (LocusException e) {
            LOG.debug("Planning {} refused", jobId, e);
            self.tell(new Planned(jobId, null, null, e, message.replyTo()));
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("Planning {} failed", jobId, e);
            self.tell(
                new Planned(
                    jobId,
                    null,
                    null,
                    new LocusException(ErrorCode.INTERNAL_ERROR, "Planning failed: " + e, e),
                    message.replyTo()));
          }
        },
        services.background());
    return this;
  }

  /** Runs on a background thread. */
  private Planned plan(
      String jobId, JobRequest request, Registry registry, ActorRef<SubmitAnswer> replyTo) {
    ClassLoader loader = services.classLoaders().forJar(request.jarId(), request.jarUrl());
    ObjectBatchCodec codec = new ObjectBatchCodec(loader);
    LogicalPlan plan;
    if (request.sql() != null) {
      List<String> schema =
          request.schema() == null || request.schema().isBlank()
              ? List.of()
              : List.of(request.schema().split("\\."));
      plan =
          sqlFrontEnd()
              .plan(request.sql(), new ClusterCatalog(getContext().getSystem(), registry, schema));
    } else {
      Object decoded;
      try {
        decoded = codec.decodeObject(request.plan());
      } catch (RuntimeException e) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "The submitted plan does not decode"
                + (request.jarId() == null ? " (no job jar was sent)" : "")
                + ": "
                + e.getMessage(),
            e);
      }
      if (!(decoded instanceof LogicalPlan logical)) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "The submitted body is a " + decoded.getClass().getName() + ", not a LogicalPlan");
      }
      plan = logical;
    }
    plan = LogicalRewrites.apply(PlatformHint.strip(plan, new java.util.IdentityHashMap<>()));
    int reachable = 0;
    for (Registry.Entry entry : registry.workers()) {
      reachable += entry.reachable() ? 1 : 0;
    }
    // Two join tasks per worker: a lost worker's share is re-run in halves.
    Fragmenter.JobPlan cut = Fragmenter.cut(plan, 2 * Math.max(1, reachable));
    List<byte[]> fragments = new ArrayList<>();
    for (Fragmenter.Stage stage : cut.stages()) {
      fragments.add(codec.encodeObject(stage.fragment()));
    }
    return new Planned(jobId, cut, fragments, null, replyTo);
  }

  private static SqlFrontEnd sqlFrontEnd() {
    return ServiceLoader.load(SqlFrontEnd.class)
        .findFirst()
        .orElseThrow(
            () ->
                new LocusException(
                    ErrorCode.NOT_SUPPORTED, "This coordinator has no SQL front end (locus-sql)"));
  }

  private Behavior<Command> onPlanned(Planned message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null) {
      return this;
    }
    if (message.error() != null) {
      jobs.remove(job.jobId);
      message
          .replyTo()
          .tell(
              new SubmitAnswer(null, message.error().code().name(), message.error().getMessage()));
      return this;
    }
    message.replyTo().tell(new SubmitAnswer(job.jobId, null, null));
    if (job.status == JobRun.Status.CANCELLED) {
      return this;
    }
    job.plan = message.plan();
    job.status = JobRun.Status.RUNNING;
    for (Fragmenter.Stage stage : message.plan().stages()) {
      ExchangeInbox inbox =
          stage.output().toCoordinator()
              ? services
                  .transport()
                  .openInbox(
                      exchange(job, stage.stageId()),
                      stage.fragment().schema(),
                      services.inboxMemoryBytes())
              : null;
      job.stages.add(new JobRun.StageRun(stage, message.fragments().get(stage.stageId()), inbox));
    }
    // Tasks with inputs are placed first: their producers send to them.
    for (JobRun.StageRun stage : job.stages) {
      if (!stage.stage.inputStages().isEmpty()) {
        for (JobRun.TaskRun task : stage.tasks) {
          if (!placeJoinTask(job, stage, task)) {
            return this;
          }
        }
      }
    }
    for (JobRun.StageRun stage : job.stages) {
      if (stage.stage.inputStages().isEmpty()) {
        for (JobRun.TaskRun task : stage.tasks) {
          launch(job, stage, task, task.undelivered(), null);
          if (job.ended()) {
            return this;
          }
        }
      }
    }
    maybeRunFinal(job);
    return this;
  }

  /** The exchange a stage's output travels on to the coordinator. */
  private static String exchange(JobRun job, int stageId) {
    return job.jobId + "/stage-" + stageId;
  }

  /**
   * The exchange a stage's output travels on to one join task, in that task's current generation: a
   * join task that is moved or must read its input again gets a new one, so streams meant for an
   * earlier run never mix with the new.
   */
  private static String exchange(JobRun job, int stageId, JobRun.TaskRun consumer) {
    return job.jobId
        + "/stage-"
        + stageId
        + "/part-"
        + consumer.taskId
        + "/generation-"
        + consumer.generation;
  }

  // ---- tasks

  /** The least loaded reachable worker among {@code candidates}. */
  private Registry.Entry leastLoaded(List<Registry.Entry> candidates, int spread) {
    Registry.Entry chosen = null;
    int least = Integer.MAX_VALUE;
    for (int i = 0; i < candidates.size(); i++) {
      Registry.Entry entry = candidates.get((i + spread) % candidates.size());
      int load = runningTasks.getOrDefault(entry.worker(), 0);
      if (load < least) {
        least = load;
        chosen = entry;
      }
    }
    return chosen;
  }

  /**
   * Makes a join task read its input again (in a new generation): its running attempts are
   * superseded, and every producer of its input sends its partition again. A producer that is
   * itself a join task is reopened in turn, since it read its own input once.
   */
  private void reopen(JobRun job, JobRun.StageRun stage, JobRun.TaskRun task, String reason) {
    for (JobRun.Attempt attempt : task.running.values()) {
      released(attempt);
    }
    task.running.clear();
    task.generation++;
    for (int input : stage.stage.inputStages()) {
      JobRun.StageRun producers = job.stages.get(input);
      for (JobRun.TaskRun producer : producers.tasks) {
        Set<Integer> resend = new java.util.TreeSet<>();
        if (producer.delivered[task.taskId] >= 0) {
          producer.delivered[task.taskId] = -1;
          resend.add(task.taskId);
        }
        // Attempts still sending to the old generation are superseded.
        for (JobRun.Attempt attempt : new ArrayList<>(producer.running.values())) {
          if (attempt.targets().contains(task.taskId)) {
            producer.running.remove(attempt.attempt());
            released(attempt);
            resend.addAll(attempt.targets());
          }
        }
        for (int consumer : resend) {
          producer.delivered[consumer] = -1;
        }
        if (resend.isEmpty()) {
          continue;
        }
        if (producers.stage.isSource()) {
          launch(job, producers, producer, resend, "consumer task " + task.taskId + " " + reason);
        } else {
          reopen(job, producers, producer, reason);
        }
        if (job.ended()) {
          return;
        }
      }
    }
  }

  /**
   * Places a task that has inputs before it runs: a join task on any reachable worker, a source
   * task that joins broadcast tables on one that can read its split. Fails the job when there is
   * none.
   */
  private boolean placeJoinTask(JobRun job, JobRun.StageRun stage, JobRun.TaskRun task) {
    List<Registry.Entry> reachable = new ArrayList<>();
    if (stage.stage.isSource()) {
      reachable.addAll(registry().serving(stage.stage.table().catalog()));
    } else {
      for (Registry.Entry entry : registry().workers()) {
        if (entry.reachable()) {
          reachable.add(entry);
        }
      }
    }
    Registry.Entry chosen = leastLoaded(reachable, task.taskId);
    if (chosen == null) {
      fail(
          job,
          ErrorCode.NODE_UNAVAILABLE,
          "Stage "
              + stage.stage.stageId()
              + " ("
              + stage.stage.description()
              + ") cannot run: no reachable worker"
              + (stage.stage.isSource()
                  ? " can read catalog '" + stage.stage.table().catalog() + "'"
                  : ""));
      return false;
    }
    task.worker = chosen.worker();
    task.node = chosen.node();
    task.workersUsed.add(chosen.worker());
    // Ties in load go round the workers by task id, so join tasks spread.
    return true;
  }

  /**
   * Starts a new attempt of a task that sends to {@code targets}. A source task goes to the least
   * loaded worker that can read its split; a join task runs where it was placed, once every
   * producer of its inputs has delivered its partition.
   *
   * @param reason why this is a re-run, or null for the first attempt
   */
  private void launch(
      JobRun job, JobRun.StageRun stage, JobRun.TaskRun task, Set<Integer> targets, String reason) {
    if (task.nextAttempt >= MAX_ATTEMPTS) {
      fail(
          job,
          ErrorCode.NODE_UNAVAILABLE,
          "Task "
              + task.taskId
              + " of stage "
              + stage.stage.stageId()
              + " ("
              + stage.stage.description()
              + ") ran "
              + MAX_ATTEMPTS
              + " times without finishing; last re-run because "
              + reason);
      return;
    }
    ActorRef<WorkerActor.Command> worker;
    NodeDescription node;
    if (stage.stage.inputStages().isEmpty()) {
      String catalog = stage.stage.table().catalog();
      Registry.Entry chosen = leastLoaded(registry().serving(catalog), task.taskId);
      if (chosen == null) {
        List<String> servers = new ArrayList<>();
        workers.values().stream()
            .filter(n -> n.catalogs().keySet().stream().anyMatch(catalog::equalsIgnoreCase))
            .forEach(n -> servers.add(n.node() + " (site " + n.site() + ")"));
        fail(
            job,
            ErrorCode.NODE_UNAVAILABLE,
            "Stage "
                + stage.stage.stageId()
                + " ("
                + stage.stage.description()
                + ") cannot run: no reachable node can read catalog '"
                + catalog
                + "'"
                + (reason == null ? "." : " (" + reason + ").")
                + (servers.isEmpty()
                    ? " No node serves it."
                    : " Nodes that serve it, all unreachable: " + servers));
        return;
      }
      worker = chosen.worker();
      node = chosen.node();
    } else {
      worker = task.worker;
      node = task.node;
    }
    List<TaskSpec.Input> inputs = new ArrayList<>();
    for (int inputStage : stage.stage.inputStages()) {
      List<Integer> producers = new ArrayList<>();
      List<Integer> attempts = new ArrayList<>();
      for (JobRun.TaskRun producer : job.stages.get(inputStage).tasks) {
        if (producer.delivered[task.taskId] < 0) {
          return; // Launched when the last producer delivers.
        }
        producers.add(producer.taskId);
        attempts.add(producer.delivered[task.taskId]);
      }
      inputs.add(
          new TaskSpec.Input(inputStage, exchange(job, inputStage, task), producers, attempts));
    }
    if (reason != null) {
      LOG.info(
          "Re-running {} stage {} task {} (attempt {}) because {}",
          job.jobId,
          stage.stage.stageId(),
          task.taskId,
          task.nextAttempt,
          reason);
      retries++;
    }
    Fragmenter.Output output = stage.stage.output();
    List<TaskSpec.Target> specTargets = new ArrayList<>();
    for (int consumer : targets) {
      if (output.toCoordinator()) {
        specTargets.add(
            new TaskSpec.Target(
                0,
                services.transport().address().host(),
                services.transport().address().port(),
                exchange(job, stage.stage.stageId())));
      } else {
        JobRun.TaskRun joinTask = job.stages.get(output.consumerStage()).tasks.get(consumer);
        specTargets.add(
            new TaskSpec.Target(
                consumer,
                joinTask.node.shuffleHost(),
                joinTask.node.shufflePort(),
                exchange(job, stage.stage.stageId(), joinTask)));
      }
    }
    int attemptNumber = task.nextAttempt++;
    JobRun.Attempt attempt = new JobRun.Attempt(attemptNumber, Set.copyOf(targets), worker, node);
    task.running.put(attemptNumber, attempt);
    task.workersUsed.add(worker);
    task.nodesUsed.add(node);
    runningTasks.merge(worker, 1, Integer::sum);
    TaskSpec spec =
        new TaskSpec(
            job.jobId,
            stage.stage.stageId(),
            task.taskId,
            attemptNumber,
            stage.fragment,
            job.request.jarId(),
            job.request.jarUrl(),
            output.keys(),
            output.toCoordinator() ? 1 : output.partitions(),
            specTargets,
            inputs);
    worker.tell(new WorkerActor.RunTask(spec, getContext().getSelf()));
  }

  private void released(JobRun.Attempt attempt) {
    runningTasks.computeIfPresent(
        attempt.worker(), (worker, count) -> count <= 1 ? null : count - 1);
  }

  /** Drops what a superseded attempt sent to the coordinator. */
  private static void discardGathered(JobRun.StageRun stage, JobRun.TaskRun task, int attempt) {
    if (stage.inbox != null && task.delivered[0] != attempt) {
      stage.inbox.discard(new StreamId(task.taskId, attempt, 0));
    }
  }

  private Behavior<Command> onTaskReport(TaskReport report) {
    JobRun job = jobs.get(report.jobId());
    if (job == null || job.status != JobRun.Status.RUNNING) {
      return this;
    }
    JobRun.StageRun stage = job.stages.get(report.stageId());
    JobRun.TaskRun task = stage.tasks.get(report.taskId());
    JobRun.Attempt attempt = task.running.remove(report.attempt());
    if (attempt == null) {
      // A superseded attempt (its node was thought lost); its output is not read.
      discardGathered(stage, task, report.attempt());
      return this;
    }
    released(attempt);
    if (report.succeeded()) {
      for (int consumer : attempt.targets()) {
        task.delivered[consumer] = attempt.attempt();
      }
      task.rows = report.rows();
      Fragmenter.Output output = stage.stage.output();
      if (!output.toCoordinator()) {
        JobRun.StageRun consumers = job.stages.get(output.consumerStage());
        for (int consumer : attempt.targets()) {
          JobRun.TaskRun joinTask = consumers.tasks.get(consumer);
          if (joinTask.running.isEmpty() && !joinTask.finished()) {
            launch(job, consumers, joinTask, joinTask.undelivered(), null);
            if (job.ended()) {
              return this;
            }
          }
        }
      }
      maybeRunFinal(job);
      return this;
    }
    discardGathered(stage, task, attempt.attempt());
    ErrorCode code = ErrorCode.valueOf(report.errorCode());
    boolean retryable =
        (code.kind() == ErrorCode.Kind.EXTERNAL || code == ErrorCode.INTERNAL_ERROR)
            && code != ErrorCode.SOURCE_UNAVAILABLE;
    if (retryable) {
      // Not at once: a failure that comes from elsewhere (a target node that is leaving but not
      // yet removed from the cluster) would repeat until the attempts run out.
      getContext()
          .scheduleOnce(
              retryDelay(task.nextAttempt),
              getContext().getSelf(),
              new Retry(
                  job.jobId,
                  stage.stage.stageId(),
                  task.taskId,
                  attempt.targets(),
                  "it failed on " + report.node() + ": " + report.errorMessage(),
                  code));
      return this;
    }
    fail(job, code, report.errorMessage());
    return this;
  }

  /** 50 ms before the second attempt, doubling up to 2 s: about 5 s over all the attempts. */
  static Duration retryDelay(int attempts) {
    return Duration.ofMillis(Math.min(2_000L, 50L << Math.min(Math.max(0, attempts - 1), 10)));
  }

  private Behavior<Command> onRetry(Retry message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null || job.status != JobRun.Status.RUNNING) {
      return this;
    }
    JobRun.StageRun stage = job.stages.get(message.stageId());
    JobRun.TaskRun task = stage.tasks.get(message.taskId());
    if (!task.running.isEmpty()
        || message.targets().stream().allMatch(consumer -> task.delivered[consumer] >= 0)) {
      return this; // Re-run meanwhile (its node was lost) or delivered.
    }
    if (stage.stage.inputStages().isEmpty()) {
      launch(job, stage, task, message.targets(), message.reason());
    } else if (task.nextAttempt >= MAX_ATTEMPTS) {
      fail(job, message.code(), message.reason());
    } else {
      // The failed attempt consumed its input: it is sent again, and the task runs once it is.
      LOG.info(
          "Re-running {} stage {} task {} with its input sent again because {}",
          job.jobId,
          stage.stage.stageId(),
          task.taskId,
          message.reason());
      retries++;
      reopen(job, stage, task, message.reason());
    }
    return this;
  }

  // ---- final plan

  private void maybeRunFinal(JobRun job) {
    if (job.status != JobRun.Status.RUNNING || job.finalStageStarted || !job.allTasksFinished()) {
      return;
    }
    job.finalStageStarted = true;
    ActorRef<Command> self = getContext().getSelf();
    FinalStage finalStage = new FinalStage(job, services);
    CompletableFuture.runAsync(
        () -> {
          try {
            FinalStage.Result result = finalStage.run();
            self.tell(new Finished(job.jobId, result.arrow(), result.rows(), null));
          } catch (LocusException e) {
            self.tell(new Finished(job.jobId, null, -1, e));
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("Final stage of {} failed", job.jobId, e);
            self.tell(
                new Finished(
                    job.jobId,
                    null,
                    -1,
                    new LocusException(ErrorCode.INTERNAL_ERROR, "Internal error: " + e, e)));
          }
        },
        services.background());
  }

  private Behavior<Command> onFinished(Finished message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null || job.ended()) {
      return this;
    }
    if (message.error() != null) {
      fail(job, message.error().code(), message.error().getMessage());
      return this;
    }
    job.result = message.arrow();
    job.resultRows = message.rows();
    job.end(JobRun.Status.SUCCEEDED, null, null);
    succeeded++;
    for (ActorRef<WorkerActor.Command> worker : job.workersUsed()) {
      worker.tell(new WorkerActor.CancelJob(job.jobId));
    }
    closeInboxes(job);
    answerWaiters(job);
    return this;
  }

  private void fail(JobRun job, ErrorCode code, String message) {
    if (job.ended()) {
      return;
    }
    LOG.info("Job {} failed: {}", job.jobId, message);
    job.end(JobRun.Status.FAILED, code.name(), message);
    failed++;
    stopTasks(job);
    answerWaiters(job);
  }

  private void stopTasks(JobRun job) {
    for (ActorRef<WorkerActor.Command> worker : job.workersUsed()) {
      worker.tell(new WorkerActor.CancelJob(job.jobId));
    }
    for (JobRun.StageRun stage : job.stages) {
      for (JobRun.TaskRun task : stage.tasks) {
        for (JobRun.Attempt attempt : task.running.values()) {
          released(attempt);
        }
        task.running.clear();
      }
    }
    if (!job.finalStageStarted) {
      closeInboxes(job);
    }
  }

  private static void closeInboxes(JobRun job) {
    for (JobRun.StageRun stage : job.stages) {
      if (stage.inbox != null) {
        stage.inbox.close();
      }
    }
  }

  // ---- queries from clients

  private Behavior<Command> onGetJob(GetJob message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null || job.ended() || message.waitMillis() <= 0) {
      message.replyTo().tell(new JobAnswer(job == null ? null : job.view()));
      return this;
    }
    waiters.computeIfAbsent(job.jobId, id -> new ArrayList<>()).add(message.replyTo());
    getContext()
        .scheduleOnce(
            Duration.ofMillis(message.waitMillis()),
            getContext().getSelf(),
            new WaitExpired(job.jobId, message.replyTo()));
    return this;
  }

  private Behavior<Command> onWaitExpired(WaitExpired message) {
    List<ActorRef<JobAnswer>> waiting = waiters.get(message.jobId());
    if (waiting != null && waiting.remove(message.replyTo())) {
      JobRun job = jobs.get(message.jobId());
      message.replyTo().tell(new JobAnswer(job == null ? null : job.view()));
    }
    return this;
  }

  private void answerWaiters(JobRun job) {
    List<ActorRef<JobAnswer>> waiting = waiters.remove(job.jobId);
    if (waiting != null) {
      JobView view = job.view();
      for (ActorRef<JobAnswer> waiter : waiting) {
        waiter.tell(new JobAnswer(view));
      }
    }
  }

  private Behavior<Command> onListJobs(ListJobs message) {
    List<JobView> views = new ArrayList<>();
    for (JobRun job : jobs.values()) {
      views.add(job.view());
    }
    message.replyTo().tell(new JobList(views));
    return this;
  }

  private Behavior<Command> onCancel(CancelJob message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null) {
      message.replyTo().tell(new JobAnswer(null));
      return this;
    }
    if (!job.ended()) {
      job.end(
          JobRun.Status.CANCELLED,
          ErrorCode.JOB_CANCELLED.name(),
          "Job " + job.jobId + " was cancelled");
      cancelled++;
      stopTasks(job);
      answerWaiters(job);
    }
    message.replyTo().tell(new JobAnswer(job.view()));
    return this;
  }

  private Behavior<Command> onGetResult(GetResult message) {
    JobRun job = jobs.get(message.jobId());
    if (job == null) {
      message.replyTo().tell(new ResultAnswer(null, null, null, null));
    } else {
      message
          .replyTo()
          .tell(new ResultAnswer(job.status.name(), job.result, job.errorCode, job.errorMessage));
    }
    return this;
  }

  private Behavior<Command> onGetMetrics(GetMetrics message) {
    long running =
        jobs.values().stream().filter(job -> job.status == JobRun.Status.RUNNING).count();
    long reachable =
        workers.values().stream().filter(n -> !unreachable.contains(n.memberAddress())).count();
    StringBuilder text = new StringBuilder();
    metric(text, "locus_jobs_submitted_total", "counter", "Jobs submitted", submitted);
    metric(text, "locus_jobs_succeeded_total", "counter", "Jobs that succeeded", succeeded);
    metric(text, "locus_jobs_failed_total", "counter", "Jobs that failed", failed);
    metric(text, "locus_jobs_cancelled_total", "counter", "Jobs cancelled", cancelled);
    metric(text, "locus_jobs_running", "gauge", "Jobs running now", running);
    metric(text, "locus_task_retries_total", "counter", "Task attempts re-run elsewhere", retries);
    metric(text, "locus_workers", "gauge", "Workers known to the coordinator", workers.size());
    metric(text, "locus_workers_reachable", "gauge", "Workers reachable now", reachable);
    message.replyTo().tell(new MetricsText(text.toString()));
    return this;
  }

  private static void metric(
      StringBuilder text, String name, String type, String help, long value) {
    text.append("# HELP ").append(name).append(' ').append(help).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    text.append(name).append(' ').append(value).append('\n');
  }

  private void trimJobs() {
    while (jobs.size() > JOBS_KEPT) {
      String oldest = null;
      for (JobRun job : jobs.values()) {
        if (job.ended()) {
          oldest = job.jobId;
          break;
        }
      }
      if (oldest == null) {
        return;
      }
      jobs.remove(oldest);
    }
  }
}
