package dev.locus.adapters.spark.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.DatabaseTable;
import dev.locus.core.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

  /**
   * The cores a cluster gives this application (Spark's own setting for standalone masters): the
   * cost of work per row scales with it.
   */
  public static final String CORES_OPTION = "spark.cores.max";

  /**
   * How scans reach Spark: {@code memory} (same JVM) or {@code ipc}; see {@link ArrowScanSource}.
   */
  public static final String TRANSFER_OPTION = "locus.transfer";

  private static final Object CONTEXT_LOCK = new Object();
  private static int sessionsOpen;

  private final Map<String, String> options;
  private final ArrowScanSource.Transfer transfer;
  private final int cores;
  private final PlatformCosts costs;
  private final BufferAllocator allocator = new RootAllocator();
  private SparkSession session;
  private boolean closed;

  public SparkPlatform(Map<String, String> options) {
    this.options = Map.copyOf(requireNonNull(options, "options is null"));
    this.transfer = transfer(this.options);
    this.cores = cores(this.options);
    this.costs = costs(defaultCosts(), transfer, cores);
  }

  private static ArrowScanSource.Transfer transfer(Map<String, String> options) {
    String configured = options.get(TRANSFER_OPTION);
    if (configured == null) {
      return isLocal(options) ? ArrowScanSource.Transfer.MEMORY : ArrowScanSource.Transfer.IPC;
    }
    for (ArrowScanSource.Transfer transfer : ArrowScanSource.Transfer.values()) {
      if (transfer.name().equalsIgnoreCase(configured.trim())) {
        if (transfer == ArrowScanSource.Transfer.MEMORY && !isLocal(options)) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Spark option "
                  + TRANSFER_OPTION
                  + "=memory needs a local master; found "
                  + options.get(MASTER_OPTION));
        }
        return transfer;
      }
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Spark option " + TRANSFER_OPTION + " must be memory or ipc; found '" + configured + "'");
  }

  private static boolean isLocal(Map<String, String> options) {
    String master = options.get(MASTER_OPTION);
    return master == null || master.startsWith("local");
  }

  /** The cores Spark runs on: {@code spark.cores.max}, N of {@code local[N]}, or this machine's. */
  private static int cores(Map<String, String> options) {
    String configured = options.get(CORES_OPTION);
    String master = options.getOrDefault(MASTER_OPTION, "local[*]");
    String text = configured;
    if (text == null && master.startsWith("local[") && master.endsWith("]")) {
      text = master.substring("local[".length(), master.length() - 1);
    }
    if (text == null || text.equals("*")) {
      return Runtime.getRuntime().availableProcessors();
    }
    int cores;
    try {
      cores = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw badCores(text, e);
    }
    if (cores < 1) {
      throw badCores(text, null);
    }
    return cores;
  }

  private static LocusException badCores(String text, Throwable cause) {
    return new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Spark cores must be a positive number ("
            + CORES_OPTION
            + " or local[N]); found '"
            + text
            + "'",
        cause);
  }

  /**
   * The shipped costs, measured on a machine of {@code reference.cores} in local mode, for this
   * configuration: work per row divided among the cores Spark runs on; rows in through memory or as
   * Arrow IPC streams sent with the tasks.
   */
  static PlatformCosts costs(Reference reference, ArrowScanSource.Transfer transfer, int cores) {
    return new PlatformCosts(
        reference.costs().startupMillis(),
        reference.costs().millisPerMillionRows() * reference.cores() / cores,
        transfer == ArrowScanSource.Transfer.MEMORY
            ? reference.costs().millisPerMillionRowsIn()
            : reference.ipcMillisPerMillionRowsIn(),
        reference.costs().millisPerMillionRowsOut());
  }

  /** Costs measured on a reference machine of {@code cores} cores (spark-costs.properties). */
  record Reference(PlatformCosts costs, int cores, double ipcMillisPerMillionRowsIn) {}

  ArrowScanSource.Transfer transfer() {
    return transfer;
  }

  /**
   * Executors in other JVMs read a PostgreSQL table with Spark's own JDBC reader, in key ranges,
   * instead of receiving its rows from Locus. In this JVM, Locus's Arrow batches are cheaper.
   */
  @Override
  public boolean readsDirectly(Scan scan) {
    return transfer == ArrowScanSource.Transfer.IPC
        && scan.source() instanceof DatabaseTable table
        && table.connectionUrl().startsWith("jdbc:postgresql:");
  }

  @Override
  public String configuration() {
    return options.getOrDefault(MASTER_OPTION, "local[*]")
        + ", "
        + cores
        + " cores, "
        + transfer.name().toLowerCase(Locale.ROOT)
        + " transfer";
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
   * Runs {@code action} against this platform's session, active on this thread, with the plugin's
   * class loader as the thread's context loader (Spark loads classes and services through it).
   */
  <T> T withSession(SessionAction<T> action) {
    return inPluginLoader(
        () -> {
          // Planning and running read the SQL configuration of the thread's active session (time
          // zone, ANSI mode, java.time values): this platform's, not Spark's defaults.
          SparkSession current = session();
          SparkSession.setActiveSession(current);
          try {
            return action.apply(current, allocator);
          } finally {
            SparkSession.clearActiveSession();
          }
        });
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
    if (!isLocal(options)) {
      // Executors in other JVMs read scans with this plugin's classes (ArrowScanSource), and
      // PostgreSQL tables with its driver.
      builder =
          builder.config(
              "spark.jars",
              String.join(
                  ",",
                  jarOf(SparkPlatform.class),
                  jarOf(Source.class),
                  jarOf(org.postgresql.Driver.class)));
    }
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (option.getKey().startsWith("spark.")) {
        builder = builder.config(option.getKey(), option.getValue());
      }
    }
    return builder;
  }

  private static String jarOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Cannot locate the jar of " + type.getName() + ": " + e);
    }
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
  static Reference defaultCosts() {
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
    return new Reference(
        new PlatformCosts(
            number(properties, "startupMillis"),
            number(properties, "millisPerMillionRows"),
            number(properties, "millisPerMillionRowsIn"),
            number(properties, "millisPerMillionRowsOut")),
        (int) number(properties, "cores"),
        number(properties, "ipcMillisPerMillionRowsIn"));
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
