package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.catalog.MapCatalog;
import dev.locus.core.catalog.SqlFrontEnd;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ClusterConnector;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryExecutorFactory;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Values;
import dev.locus.core.source.Source;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The entry point: a session that builds plans ({@link Table}, {@link DataSet}) and runs them.
 *
 * <pre>{@code
 * try (Locus locus = Locus.local()) {
 *   locus.read(source).filter(col("qty").gt(0)).collect();
 * }
 * }</pre>
 */
public final class Locus implements AutoCloseable {
  private final QueryExecutor executor;
  private final MapCatalog catalog = new MapCatalog();

  private Locus(QueryExecutor executor) {
    this.executor = requireNonNull(executor, "executor is null");
  }

  /** An in-process engine using all cores. */
  public static Locus local() {
    return local(ExecutorConfig.defaults());
  }

  /** An in-process engine with explicit settings. */
  public static Locus local(ExecutorConfig config) {
    return new Locus(findFactory("local").create(config));
  }

  /**
   * A session on the cluster named by the system property {@code locus.cluster.url}, with the token
   * in {@code locus.cluster.token} if set: what a program started by {@code bin/locus submit}
   * calls, as {@code bin/locus submit} sets both.
   */
  public static Locus connect() {
    String url = System.getProperty("locus.cluster.url");
    if (url == null || url.isBlank()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Locus.connect() needs the system property locus.cluster.url (for example"
              + " -Dlocus.cluster.url=http://coordinator:8080, which bin/locus submit sets);"
              + " it is not set");
    }
    String token = System.getProperty("locus.cluster.token");
    return connect(url, token == null || token.isBlank() ? null : token);
  }

  /**
   * A session on a running cluster whose coordinator serves HTTP at {@code url} (for example {@code
   * http://coordinator:8080}); its catalogs are the data sources the cluster's nodes declared.
   * Needs the {@code locus-client} module on the class path.
   */
  public static Locus connect(String url) {
    return connect(url, null);
  }

  /** As {@link #connect(String)}, for a cluster started with a shared-secret token. */
  public static Locus connect(String url, String token) {
    requireNonNull(url, "url is null");
    ClusterConnector connector =
        ServiceLoader.load(ClusterConnector.class)
            .findFirst()
            .orElseThrow(
                () ->
                    new LocusException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Cannot connect to "
                            + url
                            + ": no cluster client on the class path (add the locus-client module)"));
    ClusterConnector.ClusterSession session = connector.connect(url, token);
    Locus locus = new Locus(session.executor());
    session.catalogs().forEach(locus::registerCatalog);
    return locus;
  }

  /** A session over a given executor (for engines and tests that make their own). */
  public static Locus using(QueryExecutor executor) {
    return new Locus(executor);
  }

  private static QueryExecutorFactory findFactory(String name) {
    List<String> available = new ArrayList<>();
    for (QueryExecutorFactory factory : ServiceLoader.load(QueryExecutorFactory.class)) {
      if (factory.name().equals(name)) {
        return factory;
      }
      available.add(factory.name());
    }
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "No executor named '"
            + name
            + "' on the class path; available: "
            + available
            + " (the local engine is in the locus-scheduler module)");
  }

  /** A table reading every column of a source. */
  public Table read(Source source) {
    return new Table(this, Scan.of(source));
  }

  /** A table of literal rows (values are instances of each column type's Java class, or null). */
  public Table values(Schema schema, List<? extends List<?>> rows) {
    List<List<Object>> copy = new ArrayList<>();
    for (List<?> row : rows) {
      copy.add(new ArrayList<>(row));
    }
    return new Table(this, new Values(schema, copy));
  }

  /**
   * A data set of the items of a collection, in its iteration order (null items are kept). The
   * items are copied into the plan, which carries them to wherever it runs.
   */
  public <T> DataSet<T> fromCollection(Collection<T> items) {
    requireNonNull(items, "items is null");
    List<List<Object>> rows = new ArrayList<>(items.size());
    for (T item : items) {
      rows.add(Collections.singletonList(item));
    }
    return new DataSet<>(this, new Values(Schema.objects("value"), rows));
  }

  /** A table over an existing plan. */
  public Table table(LogicalPlan plan) {
    return new Table(this, plan);
  }

  /**
   * Registers a table under a name that SQL can use ({@code SELECT * FROM name}); a later
   * registration of the same name replaces it.
   */
  public Locus register(String name, Table table) {
    catalog.putTable(name, table.plan());
    return this;
  }

  /** Registers a source under a name that SQL can use. */
  public Locus register(String name, Source source) {
    catalog.putTable(name, Scan.of(source));
    return this;
  }

  /**
   * Registers a catalog under a name: SQL reaches its tables as {@code name.table} and {@code
   * name.schema.table}.
   */
  public Locus registerCatalog(String name, Catalog schema) {
    catalog.putSchema(name, schema);
    return this;
  }

  /** What SQL sees: the registered tables, and the registered catalogs as schemas. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * A table defined by a SQL query over the registered tables and catalogs. Needs the {@code
   * locus-sql} module on the class path.
   */
  public Table sql(String query) {
    requireNonNull(query, "query is null");
    return new Table(this, sqlFrontEnd().plan(query, catalog));
  }

  private static SqlFrontEnd sqlFrontEnd() {
    return ServiceLoader.load(SqlFrontEnd.class)
        .findFirst()
        .orElseThrow(
            () ->
                new LocusException(
                    ErrorCode.NOT_SUPPORTED,
                    "SQL needs the locus-sql module on the class path; it is not there"));
  }

  /** Runs a plan and returns all its rows. */
  public QueryResult execute(LogicalPlan plan) {
    return executor.execute(plan);
  }

  public QueryExecutor executor() {
    return executor;
  }

  @Override
  public void close() {
    executor.close();
  }
}
