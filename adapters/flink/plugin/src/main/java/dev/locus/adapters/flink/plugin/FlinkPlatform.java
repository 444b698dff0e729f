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
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The {@code flink} platform: Locus sub-plans as Flink Table API programs in batch mode, on an
 * embedded MiniCluster started on first use and kept until {@link #close()}, or on a remote
 * JobManager ({@code flink.jobmanager=host:port}).
 *
 * <p>Runs inside the plugin's own class loader; only the Locus SPI and Arrow cross its boundary.
 * Every call into Flink runs with that class loader as the thread's context class loader, since
 * Flink finds its factories (planner, executors) through it.
 */
public final class FlinkPlatform implements Platform {
  /** Option naming a remote JobManager's REST endpoint, {@code host:port}. */
  public static final String JOB_MANAGER_OPTION = "flink.jobmanager";

  /** Option for the default parallelism of jobs (the processor count when absent). */
  public static final String PARALLELISM_OPTION = "flink.parallelism";

  private static final String COSTS_RESOURCE = "flink-costs.properties";

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

  /** Runs {@code task} on the planner thread and waits for it; its failure is rethrown. */
  <T> T onPlannerThread(Callable<T> task) {
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
      throw FlinkResultSource.failure(e.getCause());
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

  /** The table environment, creating it (and starting the MiniCluster) on first use. */
  synchronized StreamTableEnvironment tableEnvironment() {
    if (closed) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Flink platform is closed");
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

  synchronized StreamExecutionEnvironment environment() {
    tableEnvironment();
    return environment;
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
