package dev.locus.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.locus.core.batch.Batches;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.type.Schema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A hand-written coordinator that serves the HTTP API of brief-cluster.md on the JDK's HTTP server,
 * for testing clients without a cluster. Jobs do what a test says: run by a {@link Runner} as soon
 * as they are submitted, or wait until the test ends them ({@link #succeed}, {@link #fail}). It
 * writes real Arrow IPC streams (OBJECT columns as Binary holding {@link
 * ObjectBatchCodec#encodeObject} of each value) and records every request.
 */
public final class FakeCoordinator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server leaves Nagle's algorithm on: with delayed ACKs every answer waits ~40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** Runs a submitted job: its plan (null for SQL) and SQL text (null for a plan). */
  @FunctionalInterface
  public interface Runner {
    QueryResult run(LogicalPlan plan, String sql);
  }

  /** A request as the fake received it. */
  public record Request(String method, String path, String query, Map<String, String> headers) {}

  /** One job and what it has come to. */
  public static final class Job {
    public final String id;
    public final String name;
    public final String sql;
    public final LogicalPlan plan;
    public final String jarId;
    final Instant submittedAt = Instant.now();
    final long start = System.nanoTime();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile JobState state = JobState.RUNNING;
    volatile QueryResult result;
    volatile ErrorCode errorCode;
    volatile String errorMessage;

    Job(String id, String name, String sql, LogicalPlan plan, String jarId) {
      this.id = id;
      this.name = name;
      this.sql = sql;
      this.plan = plan;
      this.jarId = jarId;
    }

    public JobState state() {
      return state;
    }

    synchronized boolean end(JobState finalState, QueryResult rows, ErrorCode code, String text) {
      if (state.isFinal()) {
        return false;
      }
      result = rows;
      errorCode = code;
      errorMessage = text;
      state = finalState;
      ended.countDown();
      return true;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final String token;
  private final AtomicInteger nextJob = new AtomicInteger(1);
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> jars = new ConcurrentHashMap<>();
  private final Map<String, RemoteTableSource> tables = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger waitingPolls = new AtomicInteger();
  private final BufferAllocator allocator = new RootAllocator();
  private final List<URLClassLoader> jobLoaders = new CopyOnWriteArrayList<>();
  private final Map<String, Map.Entry<Integer, String>> plainAnswers = new ConcurrentHashMap<>();
  private volatile Runner runner;
  private volatile ErrorCode submitError;
  private volatile String submitErrorMessage;
  private volatile String catalogsJson = "{\"catalogs\":[]}";
  private volatile String membersJson = "{\"members\":[]}";

  /** A fake on a free loopback port; {@code token} null for a cluster without one. */
  public FakeCoordinator(String token) {
    this.token = token;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the fake coordinator", e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public FakeCoordinator() {
    this(null);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Jobs submitted from now on run at once with {@code runner} (null: they wait for the test). */
  public FakeCoordinator runJobsWith(Runner runner) {
    this.runner = runner;
    return this;
  }

  /** Submissions from now on are refused with a 400 carrying this error. */
  public FakeCoordinator refuseSubmissions(ErrorCode code, String message) {
    this.submitError = code;
    this.submitErrorMessage = message;
    return this;
  }

  public FakeCoordinator withCatalogsJson(String json) {
    this.catalogsJson = json;
    return this;
  }

  public FakeCoordinator withMembersJson(String json) {
    this.membersJson = json;
    return this;
  }

  /** Requests of {@code path} from now on get this status and plain-text body. */
  public FakeCoordinator answerPlainly(String path, int status, String body) {
    plainAnswers.put(path, Map.entry(status, body));
    return this;
  }

  public FakeCoordinator withTable(RemoteTableSource table) {
    tables.put(table.name(), table);
    return this;
  }

  public Job job(String id) {
    return requireNonNull(jobs.get(id), () -> "no job " + id);
  }

  public List<Job> jobs() {
    return jobs.values().stream().sorted((a, b) -> a.id.compareTo(b.id)).toList();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Map<String, byte[]> jars() {
    return Map.copyOf(jars);
  }

  /** Long polls that are waiting for a job to end right now. */
  public int waitingPolls() {
    return waitingPolls.get();
  }

  public void succeed(String jobId, QueryResult result) {
    job(jobId).end(JobState.SUCCEEDED, result, null, null);
  }

  public void fail(String jobId, ErrorCode code, String message) {
    job(jobId).end(JobState.FAILED, null, code, message);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    allocator.close();
    for (URLClassLoader loader : jobLoaders) {
      try {
        loader.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  // ---- the API --------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      requests.add(
          new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers));
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (token != null
          && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, ErrorCode.UNAUTHORIZED, "missing or wrong bearer token");
        return;
      }
      Map.Entry<Integer, String> plain = plainAnswers.get(uri.getRawPath());
      if (plain != null) {
        send(
            exchange,
            plain.getKey(),
            "text/plain",
            plain.getValue().getBytes(StandardCharsets.UTF_8));
        return;
      }
      route(exchange, uri, body);
    } catch (LocusException e) {
      error(exchange, 400, e.code(), e.getMessage());
    }
  }

  private void route(HttpExchange exchange, URI uri, byte[] body) throws IOException {
    String method = exchange.getRequestMethod();
    String path = uri.getRawPath();
    Map<String, String> query = query(uri.getRawQuery());
    if (method.equals("POST") && path.equals("/v1/jars")) {
      String id = sha256(body);
      jars.put(id, body);
      json(exchange, 200, "{\"jarId\":\"" + id + "\"}");
    } else if (method.equals("POST") && path.equals("/v1/jobs")) {
      submit(exchange, body);
    } else if (method.equals("GET") && path.equals("/v1/jobs")) {
      ArrayNode list = JSON.createArrayNode();
      for (Job job : jobs()) {
        ObjectNode node = summary(job);
        node.put("submittedAt", job.submittedAt.toString());
        list.add(node);
      }
      json(exchange, 200, JSON.createObjectNode().set("jobs", list).toString());
    } else if (path.startsWith("/v1/jobs/")) {
      String rest = URLDecoder.decode(path.substring("/v1/jobs/".length()), StandardCharsets.UTF_8);
      boolean results = rest.endsWith("/results");
      Job job = jobs.get(results ? rest.substring(0, rest.length() - "/results".length()) : rest);
      if (job == null) {
        error(exchange, 404, ErrorCode.JOB_NOT_FOUND, "Job '" + rest + "' not found");
      } else if (results) {
        results(exchange, job, query.getOrDefault("format", "arrow"));
      } else if (method.equals("DELETE")) {
        job.end(
            JobState.CANCELLED, null, ErrorCode.JOB_CANCELLED, "Job " + job.id + " was cancelled");
        json(exchange, 200, "{\"jobId\":\"" + job.id + "\",\"status\":\"" + job.state + "\"}");
      } else {
        long waitMillis = Long.parseLong(query.getOrDefault("waitMillis", "0"));
        if (waitMillis > 0) {
          waitingPolls.incrementAndGet();
          try {
            job.ended.await(waitMillis, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            waitingPolls.decrementAndGet();
          }
        }
        json(exchange, 200, status(job).toString());
      }
    } else if (method.equals("GET") && path.equals("/v1/catalog")) {
      json(exchange, 200, catalogsJson);
    } else if (method.equals("GET") && path.equals("/v1/catalog/listing")) {
      // Tables this fake serves directly under the path; no nested schemas.
      String prefix = query.getOrDefault("path", "") + ".";
      StringBuilder tablesJson = new StringBuilder();
      for (String name : tables.keySet()) {
        String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
        if (!rest.isEmpty() && !rest.contains(".")) {
          tablesJson
              .append(tablesJson.length() == 0 ? "" : ",")
              .append('"')
              .append(rest)
              .append('"');
        }
      }
      json(exchange, 200, "{\"schemas\":[],\"tables\":[" + tablesJson + "]}");
    } else if (method.equals("GET") && path.equals("/v1/catalog/table")) {
      RemoteTableSource table = tables.get(query.getOrDefault("name", ""));
      if (table == null) {
        error(
            exchange,
            404,
            ErrorCode.TABLE_NOT_FOUND,
            "Table '" + query.get("name") + "' not found; tables: " + tables.keySet());
      } else {
        send(exchange, 200, "application/octet-stream", new ObjectBatchCodec().encodeObject(table));
      }
    } else if (method.equals("GET") && path.equals("/v1/cluster/members")) {
      json(exchange, 200, membersJson);
    } else if (method.equals("GET") && path.equals("/metrics")) {
      send(
          exchange,
          200,
          "text/plain",
          ("locus_jobs_submitted_total " + jobs.size() + "\n").getBytes(StandardCharsets.UTF_8));
    } else {
      send(exchange, 404, "text/plain", "no route".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void submit(HttpExchange exchange, byte[] body) throws IOException {
    if (submitError != null) {
      error(exchange, 400, submitError, submitErrorMessage);
      return;
    }
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    String id = "job-" + nextJob.getAndIncrement();
    ClassLoader loader = FakeCoordinator.class.getClassLoader();
    Job job;
    if ("application/json".equals(contentType)) {
      JsonNode request = JSON.readTree(body);
      job =
          new Job(
              id,
              request.hasNonNull("name") ? request.get("name").asText() : null,
              request.get("sql").asText(),
              null,
              null);
    } else {
      String jarId = exchange.getRequestHeaders().getFirst("X-Locus-Jar");
      if (jarId != null) {
        loader = jobLoader(jarId);
      }
      LogicalPlan plan = (LogicalPlan) new ObjectBatchCodec(loader).decodeObject(body);
      job =
          new Job(
              id,
              exchange.getRequestHeaders().getFirst("X-Locus-Job-Name"),
              null,
              plan,
              exchange.getRequestHeaders().getFirst("X-Locus-Jar"));
    }
    jobs.put(id, job);
    Runner run = runner;
    if (run != null) {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        job.end(JobState.SUCCEEDED, run.run(job.plan, job.sql), null, null);
      } catch (LocusException e) {
        job.end(JobState.FAILED, null, e.code(), e.getMessage());
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
    json(exchange, 202, "{\"jobId\":\"" + id + "\",\"status\":\"RUNNING\"}");
  }

  /** As a worker does: the job's classes from its jar, over the engine's. */
  private ClassLoader jobLoader(String jarId) throws IOException {
    byte[] jar = jars.get(jarId);
    if (jar == null) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Unknown job jar " + jarId);
    }
    Path file = Files.createTempFile("locus-fake-job-", ".jar");
    file.toFile().deleteOnExit();
    Files.write(file, jar);
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {file.toUri().toURL()}, FakeCoordinator.class.getClassLoader());
    jobLoaders.add(loader);
    return loader;
  }

  private static ObjectNode summary(Job job) {
    ObjectNode node = JSON.createObjectNode();
    node.put("jobId", job.id);
    node.put("name", job.name);
    node.put("status", job.state.name());
    node.put("elapsedMillis", (System.nanoTime() - job.start) / 1_000_000);
    if (job.errorCode == null) {
      node.putNull("error");
    } else {
      node.putObject("error").put("code", job.errorCode.name()).put("message", job.errorMessage);
    }
    return node;
  }

  private static ObjectNode status(Job job) {
    ObjectNode node = summary(job);
    if (job.state == JobState.SUCCEEDED) {
      node.put("rows", job.result.rows().size());
    }
    ArrayNode stages = node.putArray("stages");
    ObjectNode stage = stages.addObject();
    boolean done = job.state == JobState.SUCCEEDED;
    stage.put("stageId", 0);
    stage.put("description", job.plan == null ? "SQL" : job.plan.describe());
    stage.put("tasks", 2);
    stage.put("finished", done ? 2 : 1);
    stage.put("running", done ? 0 : 1);
    stage.put("retries", 0);
    stage.putArray("nodes").add("127.0.0.1:25520");
    stage.putArray("sites").add("a");
    stage.put("rows", done ? job.result.rows().size() : 0);
    return node;
  }

  private void results(HttpExchange exchange, Job job, String format) throws IOException {
    if (job.state != JobState.SUCCEEDED) {
      if (job.state.isFinal()) {
        error(exchange, 409, job.errorCode, job.errorMessage);
      } else {
        error(
            exchange,
            409,
            ErrorCode.INVALID_ARGUMENT,
            "Job " + job.id + " has not finished; it is " + job.state);
      }
      return;
    }
    QueryResult result = job.result;
    switch (format) {
      case "arrow" -> send(exchange, 200, "application/vnd.apache.arrow.stream", arrow(result));
      case "csv" -> {
        StringBuilder text = new StringBuilder(String.join(",", result.schema().names()));
        text.append('\n');
        for (List<Object> row : result.rows()) {
          List<String> fields = new ArrayList<>();
          row.forEach(value -> fields.add(value == null ? "" : value.toString()));
          text.append(String.join(",", fields)).append('\n');
        }
        send(exchange, 200, "text/csv", text.toString().getBytes(StandardCharsets.UTF_8));
      }
      default ->
          error(exchange, 400, ErrorCode.INVALID_ARGUMENT, "unknown format '" + format + "'");
    }
  }

  /** The result as an Arrow IPC stream, two batches when there are two rows or more. */
  private byte[] arrow(QueryResult result) throws IOException {
    Schema schema = result.schema();
    List<List<Object>> rows = result.rows();
    int half = rows.size() / 2;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (schema.isObjects()) {
      Field field =
          new Field(schema.field(0).name(), FieldType.nullable(ArrowType.Binary.INSTANCE), null);
      try (VectorSchemaRoot root =
              VectorSchemaRoot.create(
                  new org.apache.arrow.vector.types.pojo.Schema(List.of(field)), allocator);
          ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
        ObjectBatchCodec codec = new ObjectBatchCodec();
        writer.start();
        for (List<List<Object>> part :
            List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
          VarBinaryVector vector = (VarBinaryVector) root.getVector(0);
          vector.allocateNew();
          for (int i = 0; i < part.size(); i++) {
            Object value = part.get(i).get(0);
            if (value == null) {
              vector.setNull(i);
            } else {
              vector.setSafe(i, codec.encodeObject(value));
            }
          }
          root.setRowCount(part.size());
          writer.writeBatch();
        }
        writer.end();
      }
      return bytes.toByteArray();
    }
    try (VectorSchemaRoot first = Batches.fromRows(schema, rows.subList(0, half), allocator);
        VectorSchemaRoot second =
            Batches.fromRows(schema, rows.subList(half, rows.size()), allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema.toArrow(), allocator);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, bytes)) {
      writer.start();
      for (VectorSchemaRoot part : List.of(first, second)) {
        for (int column = 0; column < schema.size(); column++) {
          FieldVector from = part.getVector(column);
          from.makeTransferPair(root.getVector(column)).transfer();
        }
        root.setRowCount(part.getRowCount());
        writer.writeBatch();
      }
      writer.end();
    }
    return bytes.toByteArray();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        parameters.put(
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
            equals < 0
                ? ""
                : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void error(HttpExchange exchange, int status, ErrorCode code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code.name()).put("message", message);
    json(exchange, status, body.toString());
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Runs plans in this JVM with the local engine, replacing remote tables by {@code tables}. */
  public static Runner localRunner(Function<LogicalPlan, LogicalPlan> rewrite) {
    return (plan, sql) -> {
      if (plan == null) {
        throw new LocusException(ErrorCode.NOT_SUPPORTED, "this fake runs plans, not SQL");
      }
      try (dev.locus.core.api.Locus locus = dev.locus.core.api.Locus.local()) {
        return locus.execute(rewrite.apply(plan));
      }
    };
  }
}
