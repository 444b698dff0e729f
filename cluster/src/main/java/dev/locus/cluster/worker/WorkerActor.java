package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import dev.locus.cluster.coordinator.CoordinatorActor;
import dev.locus.cluster.coordinator.TaskReport;
import dev.locus.cluster.node.NodeCatalogs;
import dev.locus.cluster.node.TableSplits;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's worker: registers with the receptionist so the coordinator finds it, describes the node
 * and its tables, and runs tasks on task threads (never on the actor's thread). Task outcomes go
 * straight to the coordinator that asked.
 */
public final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerActor.class);

  /** How the coordinator finds workers. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "locus-worker");

  /** Messages a worker handles. */
  public interface Command extends ClusterMessage {}

  /** Run a task and report to {@code replyTo}. */
  public record RunTask(TaskSpec task, ActorRef<CoordinatorActor.Command> replyTo)
      implements Command {
    public RunTask {
      requireNonNull(task, "task is null");
      requireNonNull(replyTo, "replyTo is null");
    }
  }

  /** The job has ended: stop its tasks at their next batch and drop what is held for it. */
  public record CancelJob(String jobId) implements Command {
    public CancelJob {
      requireNonNull(jobId, "jobId is null");
    }
  }

  /** Answer with a {@link NodeDescription}. */
  public record Describe(ActorRef<NodeDescription> replyTo) implements Command {}

  /** Answer with a {@link TableDescription} of the table at {@code path}. */
  public record DescribeTable(List<String> path, ActorRef<TableDescription> replyTo)
      implements Command {
    public DescribeTable {
      path = List.copyOf(requireNonNull(path, "path is null"));
    }
  }

  /** Answer with a {@link SchemaDescription} of the catalog or schema at {@code path}. */
  public record DescribeSchema(List<String> path, ActorRef<SchemaDescription> replyTo)
      implements Command {
    public DescribeSchema {
      path = List.copyOf(requireNonNull(path, "path is null"));
    }
  }

  private final NodeDescription description;
  private final NodeCatalogs catalogs;
  private final TaskRunner runner;
  private final ExecutorService taskThreads;
  private final Set<String> cancelledJobs = ConcurrentHashMap.newKeySet();

  private WorkerActor(
      ActorContext<Command> context,
      NodeDescription description,
      NodeCatalogs catalogs,
      TaskRunner runner,
      ExecutorService taskThreads) {
    super(context);
    this.description = description;
    this.catalogs = catalogs;
    this.runner = runner;
    this.taskThreads = taskThreads;
    context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf().narrow()));
  }

  public static Behavior<Command> create(
      NodeDescription description,
      NodeCatalogs catalogs,
      TaskRunner runner,
      ExecutorService taskThreads) {
    return Behaviors.setup(
        context -> new WorkerActor(context, description, catalogs, runner, taskThreads));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RunTask.class, this::onRunTask)
        .onMessage(CancelJob.class, this::onCancelJob)
        .onMessage(Describe.class, this::onDescribe)
        .onMessage(DescribeTable.class, this::onDescribeTable)
        .onMessage(DescribeSchema.class, this::onDescribeSchema)
        .build();
  }

  private Behavior<Command> onRunTask(RunTask command) {
    TaskSpec task = command.task();
    if (cancelledJobs.contains(task.jobId())) {
      return this;
    }
    taskThreads.execute(
        () -> {
          TaskReport report;
          try {
            TaskRunner.Output output = runner.run(task, () -> cancelledJobs.contains(task.jobId()));
            report =
                new TaskReport(
                    task.jobId(),
                    task.stageId(),
                    task.taskId(),
                    task.attempt(),
                    description.node(),
                    output.rows(),
                    null,
                    null);
          } catch (LocusException e) {
            report = failed(task, e.code().name(), e.getMessage());
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("Task {} failed with an internal error", task.describe(), e);
            report = failed(task, ErrorCode.INTERNAL_ERROR.name(), "Internal error: " + e);
          }
          command.replyTo().tell(report);
        });
    return this;
  }

  private TaskReport failed(TaskSpec task, String code, String message) {
    return new TaskReport(
        task.jobId(),
        task.stageId(),
        task.taskId(),
        task.attempt(),
        description.node(),
        0,
        code,
        message);
  }

  private Behavior<Command> onCancelJob(CancelJob command) {
    cancelledJobs.add(command.jobId());
    runner.forgetJob(command.jobId());
    return this;
  }

  private Behavior<Command> onDescribe(Describe command) {
    command.replyTo().tell(description);
    return this;
  }

  private Behavior<Command> onDescribeTable(DescribeTable command) {
    describeOffThread(
        command.path(),
        command.replyTo(),
        () ->
            new TableDescription(
                command.path(),
                new ObjectBatchCodec()
                    .encodeObject(
                        TableSplits.describe(command.path(), catalogs.resolve(command.path()))),
                null,
                null),
        (code, message) -> new TableDescription(command.path(), null, code, message));
    return this;
  }

  private Behavior<Command> onDescribeSchema(DescribeSchema command) {
    describeOffThread(
        command.path(),
        command.replyTo(),
        () -> describeSchema(command.path()),
        (code, message) ->
            new SchemaDescription(
                command.path(), List.of(), Map.of(), Map.of(), Map.of(), code, message));
    return this;
  }

  private SchemaDescription describeSchema(List<String> schemaPath) {
    Catalog catalog = catalogs.catalogAt(schemaPath);
    Map<String, byte[]> tables = new TreeMap<>();
    ObjectBatchCodec codec = new ObjectBatchCodec();
    Map<String, String> errorCodes = new TreeMap<>();
    Map<String, String> errorMessages = new TreeMap<>();
    for (String table : catalog.tableNames()) {
      List<String> path = new ArrayList<>(schemaPath);
      path.add(table);
      try {
        tables.put(table, codec.encodeObject(TableSplits.describe(path, catalogs.resolve(path))));
      } catch (LocusException e) {
        // Only the queries that read this table fail.
        errorCodes.put(table, e.code().name());
        errorMessages.put(table, e.getMessage());
      }
    }
    return new SchemaDescription(
        schemaPath,
        new ArrayList<>(new TreeSet<>(catalog.schemaNames())),
        tables,
        errorCodes,
        errorMessages,
        null,
        null);
  }

  /**
   * Describes something on a task thread (reading a catalog may block on a database) and answers
   * {@code replyTo} with the description, or with the error it gave (code and message).
   */
  private <T> void describeOffThread(
      List<String> path,
      ActorRef<T> replyTo,
      Supplier<T> describe,
      BiFunction<String, String, T> failed) {
    taskThreads.execute(
        () -> {
          T answer;
          try {
            answer = describe.get();
          } catch (LocusException e) {
            answer = failed.apply(e.code().name(), e.getMessage());
          } catch (RuntimeException e) {
            LOG.warn("Describing {} failed", path, e);
            answer =
                failed.apply(
                    ErrorCode.INTERNAL_ERROR.name(),
                    "Internal error describing " + String.join(".", path) + ": " + e);
          }
          replyTo.tell(answer);
        });
  }
}
