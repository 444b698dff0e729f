package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.worker.SchemaDescription;
import dev.locus.cluster.worker.TableDescription;
import dev.locus.cluster.worker.WorkerActor;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.remote.RemoteTableSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The cluster's data as one catalog: its schemas are the catalogs the workers declared, and a table
 * resolves to a {@link RemoteTableSource} described by a worker that can read it. Blocks while it
 * asks workers, so it is used off actor threads (planning, HTTP handlers). Descriptions are cached
 * for a minute per path.
 */
public final class ClusterCatalog implements Catalog {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private record Cached(long madeNanos, SchemaDescription description) {}

  private final ActorSystem<?> system;
  private final Registry registry;
  private final List<String> defaultSchema;

  public ClusterCatalog(ActorSystem<?> system, Registry registry) {
    this(system, registry, List.of());
  }

  /**
   * A catalog whose unqualified table names resolve in {@code defaultSchema} (for example {@code
   * [tpch, sf1]}); empty for none.
   */
  public ClusterCatalog(ActorSystem<?> system, Registry registry, List<String> defaultSchema) {
    this.system = requireNonNull(system, "system is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.defaultSchema = List.copyOf(requireNonNull(defaultSchema, "defaultSchema is null"));
  }

  @Override
  public Set<String> tableNames() {
    return defaultSchema.isEmpty() ? Set.of() : new PathCatalog(defaultSchema).tableNames();
  }

  @Override
  public Optional<LogicalPlan> table(String name) {
    return defaultSchema.isEmpty() ? Optional.empty() : new PathCatalog(defaultSchema).table(name);
  }

  @Override
  public Set<String> schemaNames() {
    return new LinkedHashSet<>(registry.catalogNames());
  }

  @Override
  public Optional<Catalog> schema(String name) {
    return registry.catalogNames().stream()
        .filter(known -> known.equalsIgnoreCase(name))
        .findFirst()
        .map(known -> new PathCatalog(List.of(known)));
  }

  /** The table at {@code path} (catalog first), described by a worker that reads it. */
  public RemoteTableSource describeTable(List<String> path) {
    if (path.size() < 2) {
      throw new LocusException(
          ErrorCode.TABLE_NOT_FOUND,
          "'" + String.join(".", path) + "' names no table; catalogs: " + registry.catalogNames());
    }
    TableDescription answer =
        askServing(
            path,
            replyTo -> new WorkerActor.DescribeTable(path, replyTo),
            "describe table " + String.join(".", path));
    if (answer.errorCode() != null) {
      throw new LocusException(ErrorCode.valueOf(answer.errorCode()), answer.errorMessage());
    }
    return (RemoteTableSource) new ObjectBatchCodec().decodeObject(answer.table());
  }

  /** The schemas and tables at {@code path}. */
  public SchemaDescription describeSchema(List<String> path) {
    String key = String.join("\u0000", path).toLowerCase(java.util.Locale.ROOT);
    Cached cached = CACHE.get(key);
    if (cached != null && System.nanoTime() - cached.madeNanos() < CACHE_NANOS) {
      return cached.description();
    }
    SchemaDescription answer =
        askServing(
            path,
            replyTo -> new WorkerActor.DescribeSchema(path, replyTo),
            "describe " + String.join(".", path));
    if (answer.errorCode() != null) {
      throw new LocusException(ErrorCode.valueOf(answer.errorCode()), answer.errorMessage());
    }
    CACHE.put(key, new Cached(System.nanoTime(), answer));
    return answer;
  }

  /** Asks a worker that serves the catalog of {@code path}, and waits for its answer. */
  private <T> T askServing(
      List<String> path,
      java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<T>, WorkerActor.Command>
          message,
      String what) {
    WorkerChoice worker = workerFor(path);
    return await(
        AskPattern.<WorkerActor.Command, T>ask(
            worker.ref(), message::apply, ASK_TIMEOUT, system.scheduler()),
        what + " on " + worker.node());
  }

  private record WorkerChoice(
      org.apache.pekko.actor.typed.ActorRef<WorkerActor.Command> ref, String node) {}

  private WorkerChoice workerFor(List<String> path) {
    String catalog = path.get(0);
    List<Registry.Entry> serving = registry.serving(catalog);
    if (serving.isEmpty()) {
      if (registry.catalogNames().stream().anyMatch(name -> name.equalsIgnoreCase(catalog))) {
        throw new LocusException(
            ErrorCode.NODE_UNAVAILABLE,
            "No reachable node serves catalog '"
                + catalog
                + "' now; nodes that serve it: "
                + registry.workers().stream()
                    .filter(e -> e.serves(catalog))
                    .map(e -> e.node().node())
                    .toList());
      }
      throw new LocusException(
          ErrorCode.TABLE_NOT_FOUND,
          "Catalog '"
              + catalog
              + "' is not served by any node; catalogs: "
              + registry.catalogNames());
    }
    // Spread the questions over the nodes that can answer them.
    Registry.Entry entry = serving.get(Math.floorMod(path.hashCode(), serving.size()));
    return new WorkerChoice(entry.worker(), entry.node().node());
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> answer, String what) {
    try {
      return answer.toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.JOB_CANCELLED, "Interrupted while asking to " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE,
          "No answer within " + ASK_TIMEOUT.toSeconds() + " s to " + what,
          e);
    }
  }

  /** A catalog or schema of the cluster at a path. */
  private final class PathCatalog implements Catalog {
    private final List<String> path;

    PathCatalog(List<String> path) {
      this.path = path;
    }

    @Override
    public Set<String> tableNames() {
      SchemaDescription description = describeSchema(path);
      Set<String> names = new java.util.TreeSet<>(description.tables().keySet());
      names.addAll(description.tableErrorCodes().keySet());
      return names;
    }

    @Override
    public Optional<LogicalPlan> table(String name) {
      SchemaDescription description = describeSchema(path);
      String errorCode = description.tableErrorCodes().get(name);
      if (errorCode != null) {
        throw new LocusException(
            ErrorCode.valueOf(errorCode), description.tableErrorMessages().get(name));
      }
      byte[] table = description.tables().get(name);
      if (table == null) {
        return Optional.empty();
      }
      return Optional.of(Scan.of((RemoteTableSource) new ObjectBatchCodec().decodeObject(table)));
    }

    @Override
    public Set<String> schemaNames() {
      return new LinkedHashSet<>(describeSchema(path).schemas());
    }

    @Override
    public Optional<Catalog> schema(String name) {
      if (!describeSchema(path).schemas().contains(name)) {
        return Optional.empty();
      }
      List<String> child = new ArrayList<>(path);
      child.add(name);
      return Optional.of(new PathCatalog(child));
    }
  }

  /** Kinds, nodes and sites of each catalog, for {@code GET /v1/catalog}. */
  public Map<String, List<Registry.Entry>> catalogs() {
    Map<String, List<Registry.Entry>> catalogs = new LinkedHashMap<>();
    for (String name : registry.catalogNames()) {
      List<Registry.Entry> entries = new ArrayList<>();
      for (Registry.Entry entry : registry.workers()) {
        if (entry.serves(name)) {
          entries.add(entry);
        }
      }
      catalogs.put(name, entries);
    }
    return catalogs;
  }
}
