package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.Source;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code flink} platform: Locus sub-plans as Flink Table API programs in batch mode, on an
 * embedded MiniCluster started on first use and kept until {@link #close()}, or on a remote
 * JobManager ({@code flink.jobmanager=host:port}).
 *
 * <p>Runs inside the plugin's own class loader; only the Locus SPI and Arrow cross its boundary.
 * Every call into Flink runs with that class loader as the thread's context class loader, since
 * Flink finds its factories (planner, executors) through it.
 *
 * <p>The embedded MiniCluster shares the JVM with a Locus node that serves other jobs, so it is
 * configured never to end the JVM ({@link #configureNeverExitTheJvm}): a fatal error in Flink fails
 * the Flink job, and at worst stops the MiniCluster or its TaskManager, which the next job finds
 * and restarts ({@link #tableEnvironment}).
 */
public final class FlinkPlatform implements Platform {
  /** Option naming a remote JobManager's REST endpoint, {@code host:port}. */
  public static final String JOB_MANAGER_OPTION = "flink.jobmanager";

  /** Option for the default parallelism of jobs (the processor count when absent). */
  public static final String PARALLELISM_OPTION = "flink.parallelism";

  private static final String COSTS_RESOURCE = "flink-costs.properties";
  private static final Logger LOG = LoggerFactory.getLogger(FlinkPlatform.class);
  private static final long HEALTH_CHECK_SECONDS = 10;
  private static final long STOP_SECONDS = 30;

  private final ClassLoader pluginClassLoader;
  private final String jobManager;
  private final int parallelism;
  private final PlatformCosts costs;
  private final ExecutorService plannerThread;
  private MiniCluster miniCluster;
  private StreamExecutionEnvironment environment;
  private StreamTableEnvironment tableEnvironment;
  private boolean closed;

  /** Called by the factory through reflection, in the plugin's class loader. */
  public FlinkPlatform(Map<String, String> options, ClassLoader pluginClassLoader) {
    requireNonNull(options, "options is null");
    this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    this.jobManager = options.get(JOB_MANAGER_OPTION);
    if (jobManager != null && !jobManager.matches("[^:]+:\\d+")) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Option "
              + JOB_MANAGER_OPTION
              + " must be host:port of a Flink JobManager's REST endpoint; found '"
              + jobManager
              + "'");
    }
    String parallelismText = options.get(PARALLELISM_OPTION);
    this.parallelism = parallelismText == null ? defaultParallelism() : parse(parallelismText);
    for (String option : options.keySet()) {
      if (!option.equals(JOB_MANAGER_OPTION) && !option.equals(PARALLELISM_OPTION)) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Unknown flink platform option '"
                + option
                + "'; valid options: ["
                + JOB_MANAGER_OPTION
                + ", "
                + PARALLELISM_OPTION
                + "]");
      }
    }
    this.costs = loadCosts();
    // Flink's planner keeps Calcite metadata providers in thread locals of the thread that
    // created it: all planning runs on this one thread.
    this.plannerThread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "locus-flink-planner");
              thread.setDaemon(true);
              thread.setContextClassLoader(pluginClassLoader);
              return thread;
            });
  }

  /**
   * Runs {@code task} (planning or submitting {@code plan}) on the planner thread and waits for it;
   * its failure is rethrown as a LocusException.
   */
  <T> T onPlannerThread(Callable<T> task, LogicalPlan plan) {
    Future<T> future;
    synchronized (this) {
      if (closed) {
        throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Flink platform is closed");
      }
      future = plannerThread.submit(task);
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Interrupted while Flink planned a job", e);
    } catch (ExecutionException e) {
      throw FlinkResultSource.failure(e.getCause(), plan);
    }
  }

  @Override
  public String name() {
    return "flink";
  }

  @Override
  public Optional<String> cannotRun(LogicalPlan node) {
    requireNonNull(node, "node is null");
    return PlanTranslator.cannotRun(node);
  }

  @Override
  public Source run(LogicalPlan plan) {
    requireNonNull(plan, "plan is null");
    return new FlinkResultSource(this, plan);
  }

  @Override
  public PlatformCosts costs() {
    return costs;
  }

  /** Whether jobs run on the embedded MiniCluster (and may read Locus sources in place). */
  boolean isEmbedded() {
    return jobManager == null;
  }

  ClassLoader pluginClassLoader() {
    return pluginClassLoader;
  }

  /**
   * The table environment, creating it (and starting the MiniCluster) on first use, and creating it
   * again when the MiniCluster stopped or lost its TaskManager since the last job.
   */
  synchronized StreamTableEnvironment tableEnvironment() {
    if (closed) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Flink platform is closed");
    }
    if (tableEnvironment != null && miniCluster != null && !isHealthy(miniCluster)) {
      LOG.warn("Flink MiniCluster stopped or lost its TaskManager; starting a new one");
      stopQuietly(miniCluster);
      miniCluster = null;
      environment = null;
      tableEnvironment = null;
    }
    if (tableEnvironment == null) {
      environment = isEmbedded() ? embeddedEnvironment() : remoteEnvironment();
      environment.setRuntimeMode(RuntimeExecutionMode.BATCH);
      environment.setParallelism(parallelism);
      tableEnvironment =
          StreamTableEnvironment.create(environment, EnvironmentSettings.inBatchMode());
    }
    return tableEnvironment;
  }

  /** The environment of the current table environment (see {@link #tableEnvironment}). */
  synchronized StreamExecutionEnvironment environment() {
    if (environment == null) {
      tableEnvironment();
    }
    return environment;
  }

  /**
   * Whether the MiniCluster can run a job: running, and its TaskManager registered. A fatal error
   * in a TaskManager closes it (MiniCluster's TerminatingFatalErrorHandler), and one in Flink's RPC
   * system stops that system ({@link RpcOptions#JVM_EXIT_ON_FATAL_ERROR} off): the next job would
   * wait for slots that never come.
   */
  private static boolean isHealthy(MiniCluster cluster) {
    if (!cluster.isRunning()) {
      return false;
    }
    try {
      return cluster
              .getResourceOverview()
              .get(HEALTH_CHECK_SECONDS, TimeUnit.SECONDS)
              .getNumberTaskManagers()
          > 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Interrupted while checking the Flink MiniCluster", e);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Flink MiniCluster does not answer its resource overview", e);
      return false;
    }
  }

  private static void stopQuietly(MiniCluster cluster) {
    try {
      cluster.closeAsync().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while stopping a failed Flink MiniCluster", e);
    } catch (ExecutionException | TimeoutException e) {
      // Its threads may linger; the replacement does not share them.
      LOG.warn("Failed Flink MiniCluster did not stop cleanly", e);
    }
  }

  /** The running MiniCluster, or null (before the first job, or with a remote JobManager). */
  synchronized MiniCluster miniCluster() {
    return miniCluster;
  }

  /**
   * Configures the embedded cluster so that no error in Flink ends the JVM it shares with Locus.
   *
   * <p>Paths that remain and cannot be configured (Flink 2.2.0), all in Flink's own code: an
   * uncaught exception in a thread of Flink's {@code ExecutorThreadFactory} (the default handler is
   * {@code FatalExitExceptionHandler}, which calls {@code System.exit(-17)}), as are the task
   * canceler threads and {@code FutureUtils.assertNoException}; and {@code Task} halting the JVM on
   * an {@code InternalError} or {@code UnknownError} thrown by a task, which {@link ReadSplit}
   * prevents for Locus code by wrapping every {@link Error} of a Locus source.
   */
  static void configureNeverExitTheJvm(Configuration configuration) {
    // An OutOfMemoryError in a task fails the task; true makes Task.preProcessException halt.
    configuration.set(TaskManagerOptions.KILL_ON_OUT_OF_MEMORY, false);
    // Flink's Pekko actor systems call System.exit on a fatal error (OutOfMemoryError included) in
    // an RPC endpoint when this is on, Flink's default; off, the actor system stops instead.
    configuration.set(RpcOptions.JVM_EXIT_ON_FATAL_ERROR, false);
    // Entry points only (not the MiniCluster), set for a configuration that gets reused.
    configuration.set(ClusterOptions.HALT_ON_FATAL_ERROR, false);
    configuration.set(
        ClusterOptions.UNCAUGHT_EXCEPTION_HANDLING, ClusterOptions.UncaughtExceptionHandleMode.LOG);
    // A failed job fails at once, without retries inside Flink: Locus's scheduler decides.
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
  }

  private StreamExecutionEnvironment embeddedEnvironment() {
    Configuration configuration = new Configuration();
    configuration.set(RestOptions.BIND_PORT, "0");
    configuration.set(RestOptions.ADDRESS, "localhost");
    // A job without jars gets the JVM's system class loader on the JobManager, which cannot see
    // Flink here: ship the plugin's own jar, and resolve parent-first (into this plugin loader)
    // so that the job's functions are this loader's classes and share SplitRegistry.
    configuration.set(PipelineOptions.JARS, List.of(pluginJar()));
    configuration.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
    configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256m"));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
    configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
    configureNeverExitTheJvm(configuration);
    MiniClusterConfiguration clusterConfiguration =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(configuration)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(parallelism)
            .build();
    MiniCluster cluster = new MiniCluster(clusterConfiguration);
    configuration.set(DeploymentOptions.TARGET, MiniClusterExecutor.NAME);
    configuration.set(DeploymentOptions.ATTACHED, true);
    try {
      cluster.start();
    } catch (Exception e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Flink MiniCluster failed to start: " + e.getMessage(), e);
    }
    miniCluster = cluster;
    return new StreamExecutionEnvironment(
        new MiniClusterExecutor(cluster), configuration, pluginClassLoader);
  }

  private static String pluginJar() {
    try {
      return FlinkPlatform.class
          .getProtectionDomain()
          .getCodeSource()
          .getLocation()
          .toURI()
          .toURL()
          .toString();
    } catch (java.net.URISyntaxException | java.net.MalformedURLException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Flink plugin jar has no URL: " + e, e);
    }
  }

  private StreamExecutionEnvironment remoteEnvironment() {
    int colon = jobManager.lastIndexOf(':');
    return StreamExecutionEnvironment.createRemoteEnvironment(
        jobManager.substring(0, colon), Integer.parseInt(jobManager.substring(colon + 1)));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    plannerThread.shutdownNow();
    RuntimeException failure = null;
    if (miniCluster != null) {
      try {
        miniCluster.close();
      } catch (Exception e) {
        failure =
            new LocusException(
                ErrorCode.INTERNAL_ERROR, "Flink MiniCluster failed to stop: " + e.getMessage(), e);
      }
    }
    if (pluginClassLoader instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        if (failure == null) {
          failure =
              new LocusException(
                  ErrorCode.IO_ERROR, "Flink plugin class loader failed to close: " + e, e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static int defaultParallelism() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  private static int parse(String parallelism) {
    try {
      int value = Integer.parseInt(parallelism.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Option "
            + PARALLELISM_OPTION
            + " must be a positive integer; found '"
            + parallelism
            + "'");
  }

  private static PlatformCosts loadCosts() {
    Properties properties = new Properties();
    try (InputStream in = FlinkPlatform.class.getResourceAsStream(COSTS_RESOURCE)) {
      if (in == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "Flink plugin lacks its resource " + COSTS_RESOURCE);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Flink plugin cannot read " + COSTS_RESOURCE + ": " + e, e);
    }
    return new PlatformCosts(
        Double.parseDouble(properties.getProperty("startup.millis")),
        Double.parseDouble(properties.getProperty("millis.per.million.rows")),
        Double.parseDouble(properties.getProperty("millis.per.million.rows.in")),
        Double.parseDouble(properties.getProperty("millis.per.million.rows.out")));
  }
}
