package dev.locus.cluster;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.locus.cluster.coordinator.CoordinatorActor;
import dev.locus.cluster.coordinator.CoordinatorServices;
import dev.locus.cluster.http.HttpApi;
import dev.locus.cluster.node.NodeCatalogs;
import dev.locus.cluster.worker.JobClassLoaders;
import dev.locus.cluster.worker.NodeDescription;
import dev.locus.cluster.worker.TaskRunner;
import dev.locus.cluster.worker.WorkerActor;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.scheduler.LocalExecutor;
import dev.locus.shuffle.ShuffleTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Locus node: a Pekko actor system in the cluster, its worker (task threads and
 * data-plane transport), and on coordinator nodes the HTTP API and the coordinator singleton.
 */
public final class LocusNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocusNode.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
  private static final long INBOX_MEMORY_BYTES = 256L << 20;

  private final NodeConfig config;
  private final ActorSystem<Void> system;
  private final ShuffleTransport transport;
  private final BufferAllocator allocator;
  private final LocalExecutor executor;
  private final JobClassLoaders classLoaders;
  private final ExecutorService taskThreads;
  private final ExecutorService background;
  private final String clusterAddress;
  private ServerBinding binding;
  private URI httpUri;
  private boolean closed;

  private LocusNode(
      NodeConfig config,
      ActorSystem<Void> system,
      ShuffleTransport transport,
      BufferAllocator allocator,
      LocalExecutor executor,
      JobClassLoaders classLoaders,
      ExecutorService taskThreads,
      ExecutorService background) {
    this.config = config;
    this.system = system;
    this.transport = transport;
    this.allocator = allocator;
    this.executor = executor;
    this.classLoaders = classLoaders;
    this.taskThreads = taskThreads;
    this.background = background;
    Address self = Cluster.get(system).selfMember().address();
    this.clusterAddress = self.host().get() + ":" + self.port().get();
  }

  /**
   * Starts a node whose data plane is TCP on a free port of its host, and joins (or, without seeds,
   * forms) the cluster. Returns once the node is a member that is up.
   */
  public static LocusNode start(NodeConfig config) {
    return start(config, Transports::tcp);
  }

  /** As {@link #start(NodeConfig)} with a given data plane (an in-memory one in one JVM). */
  public static LocusNode start(NodeConfig config, Function<String, ShuffleTransport> transports) {
    requireNonNull(config, "config is null");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "locus", pekkoConfig(config));
    ShuffleTransport transport = null;
    BufferAllocator allocator = null;
    LocalExecutor executor = null;
    try {
      transport = transports.apply(config.host());
      allocator = new RootAllocator();
      executor =
          new LocalExecutor(
              ExecutorConfig.defaults()
                  .withParallelism(config.parallelism())
                  .withPlatform("native"));
      Path home = Files.createTempDirectory("locus-node-");
      JobClassLoaders classLoaders = new JobClassLoaders(home.resolve("jars"), config.token());
      LocusNode node =
          new LocusNode(
              config,
              system,
              transport,
              allocator,
              executor,
              classLoaders,
              Executors.newCachedThreadPool(threads("locus-task")),
              Executors.newCachedThreadPool(threads("locus-coordinator")));
      node.startActors(home);
      node.join();
      return node;
    } catch (IOException e) {
      system.terminate();
      throw new LocusException(ErrorCode.IO_ERROR, "Cannot make the node's directory: " + e, e);
    } catch (RuntimeException e) {
      system.terminate();
      if (executor != null) {
        executor.close();
      }
      if (transport != null) {
        transport.close();
      }
      throw e;
    }
  }

  private static java.util.concurrent.ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static Config pekkoConfig(NodeConfig config) {
    List<String> roles = new ArrayList<>();
    config
        .roles()
        .forEach(role -> roles.add("\"" + role.name().toLowerCase(java.util.Locale.ROOT) + "\""));
    String text =
        "pekko.remote.artery.canonical.hostname = \""
            + config.host()
            + "\"\n"
            + "pekko.remote.artery.canonical.port = "
            + config.port()
            + "\n"
            + "pekko.cluster.roles = ["
            + String.join(",", roles)
            + "]\n";
    return ConfigFactory.parseString(text)
        .withFallback(ConfigFactory.parseResources("locus-cluster.conf"))
        .withFallback(ConfigFactory.load());
  }

  private void startActors(Path home) {
    NodeCatalogs catalogs = new NodeCatalogs(config);
    boolean coordinator = config.roles().contains(NodeConfig.Role.COORDINATOR);
    ActorRef<CoordinatorActor.Command> coordinatorRef = null;
    if (coordinator) {
      CoordinatorServices services =
          new CoordinatorServices(
              transport, executor, allocator, background, classLoaders, INBOX_MEMORY_BYTES);
      coordinatorRef =
          ClusterSingleton.get(system)
              .init(
                  SingletonActor.of(CoordinatorActor.create(services), "coordinator")
                      .withSettings(
                          ClusterSingletonSettings.create(system).withRole("coordinator")));
      if (config.httpPort() >= 0) {
        bindHttp(coordinatorRef, home);
      }
    }
    if (config.roles().contains(NodeConfig.Role.WORKER)) {
      NodeDescription description =
          new NodeDescription(
              Cluster.get(system).selfMember().address().toString(),
              clusterAddress,
              config.site(),
              catalogs.kinds(),
              transport.address().host(),
              transport.address().port(),
              httpUri == null ? null : httpUri.toString());
      TaskRunner runner = new TaskRunner(catalogs, executor, transport, classLoaders, allocator);
      system.systemActorOf(
          WorkerActor.create(description, catalogs, runner, taskThreads), "worker", Props.empty());
    }
  }

  private void bindHttp(ActorRef<CoordinatorActor.Command> coordinatorRef, Path home) {
    HttpApi api =
        new HttpApi(
            system,
            coordinatorRef,
            config.token(),
            home.resolve("jars"),
            () -> httpUri.toString(),
            background,
            allocator);
    try {
      binding =
          Http.get(system)
              .newServerAt(config.host(), config.httpPort())
              .bind(api.routes())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot serve HTTP on " + config.host() + ":" + config.httpPort() + ": " + e.getCause(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Interrupted binding HTTP", e);
    }
    httpUri = URI.create("http://" + config.host() + ":" + binding.localAddress().getPort());
  }

  private void join() {
    Cluster cluster = Cluster.get(system);
    if (config.seeds().isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      List<Address> seeds = new ArrayList<>();
      for (String seed : config.seeds()) {
        seeds.add(AddressFromURIString.parse("pekko://locus@" + seed));
      }
      cluster.manager().tell(new JoinSeedNodes(seeds));
    }
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        close();
        throw new LocusException(
            ErrorCode.NODE_UNAVAILABLE,
            "Node "
                + clusterAddress
                + " could not join the cluster through "
                + (config.seeds().isEmpty() ? "itself" : "seeds " + config.seeds())
                + " within "
                + JOIN_TIMEOUT.toSeconds()
                + " s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LocusException(ErrorCode.INTERNAL_ERROR, "Interrupted while joining", e);
      }
    }
    LOG.info("Node {} is up in site {}", clusterAddress, config.site());
  }

  public NodeConfig config() {
    return config;
  }

  /** {@code host:port} other nodes use as a seed to join through this one. */
  public String clusterAddress() {
    return clusterAddress;
  }

  /** The HTTP API's base URI ({@code http://host:port}) when this node serves it. */
  public Optional<URI> httpUri() {
    return Optional.ofNullable(httpUri);
  }

  /**
   * Blocks until the node has left the cluster and stopped (after {@link #close()} or a downing).
   */
  public void awaitTermination() {
    system.getWhenTerminated().toCompletableFuture().join();
  }

  /** Leaves the cluster gracefully and stops. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!system.getWhenTerminated().toCompletableFuture().isDone()
        && System.nanoTime() < deadline) {
      try {
        system.getWhenTerminated().toCompletableFuture().get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        // Still leaving; check again until the deadline.
        LOG.trace("Waiting for node {} to leave", clusterAddress);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    taskThreads.shutdownNow();
    background.shutdownNow();
    release("the task engine", executor::close);
    release("the data plane", transport::close);
    release("the job class loaders", classLoaders::close);
    release("the node's memory", allocator::close);
  }

  /**
   * Releases one part of a stopping node. Tasks cut off by the stop may still hold Arrow buffers,
   * so an allocator can report a leak here; the node is going away, so that is logged, and the
   * other parts are still released.
   */
  private void release(String what, Runnable close) {
    try {
      close.run();
    } catch (IllegalStateException | LocusException e) {
      LOG.warn(
          "Node {} stopped without releasing {} cleanly: {}", clusterAddress, what, e.getMessage());
    }
  }
}
