package dev.locus.adapters.spark.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Apache Spark SQL as a Locus platform. Runs in the plugin's own class loader (see core's {@code
 * dev.locus.core.platform.PluginClassLoader}); only the Locus SPI and Arrow cross.
 *
 * <p>Each platform has its own {@link SparkSession} (its own SQL configuration), made on first use
 * and closed by {@link #close}. The sessions of one JVM share one SparkContext (Spark allows one
 * per JVM), embedded in local mode ({@code local[N]}, N = the cores, no UI, loopback only) unless
 * the option {@code spark.master} names another master; the context stops with its last session.
 */
public final class SparkPlatform implements Platform {
  /** Options: {@code spark.master} and any other {@code spark.*} setting for the context. */
  public static final String MASTER_OPTION = "spark.master";

  private static final Object CONTEXT_LOCK = new Object();
  private static int sessionsOpen;

  private final Map<String, String> options;
  private final PlatformCosts costs;
  private final BufferAllocator allocator = new RootAllocator();
  private SparkSession session;
  private boolean closed;

  public SparkPlatform(Map<String, String> options) {
    this.options = Map.copyOf(requireNonNull(options, "options is null"));
    this.costs = defaultCosts();
  }

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Optional<String> cannotRun(LogicalPlan node) {
    requireNonNull(node, "node is null");
    return SparkPlans.unsupported(node);
  }

  @Override
  public Source run(LogicalPlan plan) {
    requireNonNull(plan, "plan is null");
    return new SparkResultSource(this, plan);
  }

  @Override
  public PlatformCosts costs() {
    return costs;
  }

  /**
   * Runs {@code action} against this platform's session with the plugin's class loader as the
   * thread's context loader (Spark loads classes and services through it).
   */
  <T> T withSession(SessionAction<T> action) {
    return inPluginLoader(() -> action.apply(session(), allocator));
  }

  /** Work done with the session and the allocator for reading Locus sources. */
  interface SessionAction<T> {
    T apply(SparkSession session, BufferAllocator allocator);
  }

  private synchronized SparkSession session() {
    if (closed) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "The spark platform is closed");
    }
    if (session == null) {
      synchronized (CONTEXT_LOCK) {
        SparkSession root = builder().getOrCreate();
        String master = root.sparkContext().master();
        String wanted = options.getOrDefault(MASTER_OPTION, master);
        if (!wanted.equals(master)) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Spark master '"
                  + wanted
                  + "' cannot be used while this JVM's SparkContext runs on '"
                  + master
                  + "'; close the other spark platforms first");
        }
        session = root.newSession();
        sessionsOpen++;
      }
    }
    return session;
  }

  private SparkSession.Builder builder() {
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName("locus")
            .master("local[" + cores + "]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", Integer.toString(cores))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.ansi.enabled", "true")
            .config("spark.sql.datetime.java8API.enabled", "true")
            .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
            .config("spark.sql.warehouse.dir", warehouse().toString());
    for (Map.Entry<String, String> option : options.entrySet()) {
      builder = builder.config(option.getKey(), option.getValue());
    }
    return builder;
  }

  private static Path warehouse() {
    try {
      return Files.createTempDirectory("locus-spark-warehouse");
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot create a temporary directory for Spark: " + e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (session != null) {
        inPluginLoader(
            () -> {
              synchronized (CONTEXT_LOCK) {
                sessionsOpen--;
                if (sessionsOpen == 0) {
                  SparkContext context = session.sparkContext();
                  session.stop();
                  context.stop();
                }
              }
              return null;
            });
        session = null;
      }
    } finally {
      allocator.close();
    }
  }

  static <T> T inPluginLoader(Supplier<T> action) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(SparkPlatform.class.getClassLoader());
    try {
      return action.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The shipped cost parameters (spark-costs.properties: how they were measured is there). */
  static PlatformCosts defaultCosts() {
    Properties properties = new Properties();
    try (InputStream in = SparkPlatform.class.getResourceAsStream("spark-costs.properties")) {
      if (in == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "spark-costs.properties is missing from the spark plugin");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Cannot read spark-costs.properties: " + e);
    }
    return new PlatformCosts(
        number(properties, "startupMillis"),
        number(properties, "millisPerMillionRows"),
        number(properties, "millisPerMillionRowsIn"),
        number(properties, "millisPerMillionRowsOut"));
  }

  private static double number(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "spark-costs.properties has no value for " + key);
    }
    return Double.parseDouble(value.trim());
  }
}
