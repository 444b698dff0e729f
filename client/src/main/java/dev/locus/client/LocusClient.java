package dev.locus.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.source.remote.RemoteTableSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Java client of a Locus coordinator's HTTP API: one method per endpoint. Thread-safe.
 *
 * <p>Every answer other than 2xx becomes a {@link LocusException} with the error code and message
 * the coordinator sent ({@code {"error":{"code","message"}}}); a 401 is {@link
 * ErrorCode#UNAUTHORIZED} saying whether a token is missing or wrong; a coordinator that cannot be
 * reached is {@link ErrorCode#NODE_UNAVAILABLE}. A thread interrupted while it waits for an answer
 * gets {@link ErrorCode#JOB_CANCELLED} and keeps its interrupt flag.
 *
 * <pre>{@code
 * try (LocusClient client = new LocusClient("http://coordinator:8080", token)) {
 *   JobHandle job = client.submitSql("SELECT count(*) FROM tpch.tiny.nation", "count");
 *   JobStatus status = client.awaitEnd(job.jobId(), 10_000, progress -> {});
 *   JobResult result = client.results(job.jobId());
 * }
 * }</pre>
 */
public final class LocusClient implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

  private final URI uri;
  private final String token;
  private final HttpClient http;
  private final BufferAllocator allocator;

  /** A client of the coordinator at {@code url}, sending no token. */
  public LocusClient(String url) {
    this(url, null);
  }

  /**
   * A client of the coordinator whose HTTP API is at {@code url} ({@code http://host:port}).
   *
   * @param token the cluster's shared secret, sent as {@code Authorization: Bearer <token>}; null
   *     or blank for none
   */
  public LocusClient(String url, String token) {
    this.uri = baseUri(requireNonNull(url, "url is null"));
    this.token = token == null || token.isBlank() ? null : token;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.allocator = new RootAllocator();
  }

  private static URI baseUri(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A Locus cluster URL must start with http:// or https:// (for example"
              + " http://coordinator:8080); found '"
              + url
              + "'");
    }
    try {
      URI uri = new URI(trimmed);
      if (uri.getHost() == null) {
        throw new URISyntaxException(trimmed, "no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A Locus cluster URL must be http://host:port; found '"
              + url
              + "' ("
              + e.getMessage()
              + ")");
    }
  }

  /** The coordinator's base URI, without a trailing slash. */
  public URI uri() {
    return uri;
  }

  /** Whether this client sends a token. */
  public boolean hasToken() {
    return token != null;
  }

  // ---- jars and jobs --------------------------------------------------------------------------

  /** Uploads a job jar ({@code POST /v1/jars}); returns its id (the SHA-256 of its bytes, hex). */
  public String uploadJar(byte[] jar) {
    requireNonNull(jar, "jar is null");
    String request = "POST /v1/jars";
    byte[] body =
        send(
            post(
                "/v1/jars",
                "application/java-archive",
                HttpRequest.BodyPublishers.ofByteArray(jar)),
            request);
    JsonAnswers answers = answers(request);
    return answers.text(answers.parse(body), "jarId");
  }

  /** Uploads the job jar at {@code path}; returns its id. */
  public String uploadJar(Path path) {
    requireNonNull(path, "path is null");
    try {
      return uploadJar(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new LocusException(ErrorCode.IO_ERROR, "Job jar " + path + " does not exist");
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot read job jar " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Submits a plan ({@code POST /v1/jobs}, {@code application/octet-stream}).
   *
   * @param plan {@link ObjectBatchCodec#encodeObject} of a {@link LogicalPlan}
   * @param jarId the id of an uploaded jar holding the classes the plan needs, or null
   * @param name a name for the job list, or null
   */
  public JobHandle submitPlan(byte[] plan, String jarId, String name) {
    requireNonNull(plan, "plan is null");
    HttpRequest.Builder builder =
        post("/v1/jobs", "application/octet-stream", HttpRequest.BodyPublishers.ofByteArray(plan));
    if (jarId != null) {
      builder.header("X-Locus-Jar", jarId);
    }
    if (name != null) {
      builder.header("X-Locus-Job-Name", headerValue(name));
    }
    String request = "POST /v1/jobs";
    JsonAnswers answers = answers(request);
    return answers.handle(answers.parse(send(builder, request)));
  }

  /** Encodes a plan and submits it (see {@link #submitPlan(byte[], String, String)}). */
  public JobHandle submitPlan(LogicalPlan plan, String jarId, String name) {
    requireNonNull(plan, "plan is null");
    return submitPlan(new ObjectBatchCodec().encodeObject(plan), jarId, name);
  }

  /**
   * Submits SQL that the coordinator plans over the cluster's catalogs ({@code POST /v1/jobs},
   * JSON).
   *
   * @param name a name for the job list, or null
   */
  public JobHandle submitSql(String sql, String name) {
    requireNonNull(sql, "sql is null");
    ObjectNode json = JsonAnswers.MAPPER.createObjectNode();
    json.put("sql", sql);
    if (name != null) {
      json.put("name", name);
    }
    String request = "POST /v1/jobs";
    byte[] body =
        send(
            post(
                "/v1/jobs",
                "application/json",
                HttpRequest.BodyPublishers.ofByteArray(JsonAnswers.write(json))),
            request);
    JsonAnswers answers = answers(request);
    return answers.handle(answers.parse(body));
  }

  /** The jobs the coordinator knows ({@code GET /v1/jobs}), in its order. */
  public List<JobSummary> jobs() {
    String request = "GET /v1/jobs";
    JsonAnswers answers = answers(request);
    JsonNode root = answers.parse(send(get("/v1/jobs"), request));
    List<JobSummary> jobs = new ArrayList<>();
    for (JsonNode job : answers.array(root, "jobs")) {
      jobs.add(answers.summary(job));
    }
    return jobs;
  }

  /** A job's status now ({@code GET /v1/jobs/{id}}). */
  public JobStatus status(String jobId) {
    return status(jobId, 0);
  }

  /**
   * A job's status once it has ended or after {@code waitMillis}, whichever comes first (a long
   * poll: {@code GET /v1/jobs/{id}?waitMillis=N}); 0 answers at once.
   */
  public JobStatus status(String jobId, long waitMillis) {
    requireNonNull(jobId, "jobId is null");
    if (waitMillis < 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "waitMillis must be >= 0; found " + waitMillis);
    }
    String path = jobPath(jobId) + (waitMillis > 0 ? "?waitMillis=" + waitMillis : "");
    String request = "GET " + path;
    HttpRequest.Builder builder = get(path).timeout(REQUEST_TIMEOUT.plusMillis(waitMillis));
    JsonAnswers answers = answers(request);
    return answers.status(answers.parse(send(builder, request)));
  }

  /**
   * Long-polls a job until it has ended and returns its final status; {@code progress} sees each
   * status on the way (every {@code pollMillis} at most). Stop waiting by interrupting the thread.
   */
  public JobStatus awaitEnd(String jobId, long pollMillis, Consumer<JobStatus> progress) {
    requireNonNull(progress, "progress is null");
    if (pollMillis < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "pollMillis must be >= 1; found " + pollMillis);
    }
    while (true) {
      JobStatus status = status(jobId, pollMillis);
      progress.accept(status);
      if (status.isFinal()) {
        return status;
      }
    }
  }

  /**
   * Cancels a job ({@code DELETE /v1/jobs/{id}}); the answer holds {@link JobState#CANCELLED}, or
   * the job's final state if it had already ended.
   */
  public JobHandle cancel(String jobId) {
    requireNonNull(jobId, "jobId is null");
    String path = jobPath(jobId);
    String request = "DELETE " + path;
    JsonAnswers answers = answers(request);
    return answers.handle(answers.parse(send(request(path).DELETE(), request)));
  }

  /**
   * The rows of a job that has succeeded, read from its Arrow IPC result stream ({@code GET
   * /v1/jobs/{id}/results?format=arrow}). A job that has not succeeded answers 409 with the job's
   * error, which this throws.
   *
   * <p>Columns of Locus types arrive as their Arrow types; an OBJECT column (a typed {@code
   * DataSet}'s rows) arrives as Arrow {@code Binary}, each value {@link
   * ObjectBatchCodec#encodeObject} of the object, and is decoded with the thread's context class
   * loader.
   */
  public JobResult results(String jobId) {
    requireNonNull(jobId, "jobId is null");
    String path = jobPath(jobId) + "/results?format=arrow";
    String request = "GET " + path;
    HttpResponse<InputStream> response =
        exchange(
            get(path).header("Accept", ARROW_STREAM), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body();
        BufferAllocator child = allocator.newChildAllocator(request, 0, Long.MAX_VALUE)) {
      if (response.statusCode() / 100 != 2) {
        throw error(request, response.statusCode(), body.readAllBytes());
      }
      return ArrowResults.read(body, child, request + " at " + uri);
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** A succeeded job's result as CSV (with a header line) or JSON Lines text. */
  public String resultsText(String jobId, TextFormat format) {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(format, "format is null");
    String path = jobPath(jobId) + "/results?format=" + format.parameter();
    return new String(send(get(path), "GET " + path), StandardCharsets.UTF_8);
  }

  // ---- cluster and catalogs -------------------------------------------------------------------

  /** The cluster's nodes ({@code GET /v1/cluster/members}). */
  public List<Member> members() {
    String request = "GET /v1/cluster/members";
    JsonAnswers answers = answers(request);
    JsonNode root = answers.parse(send(get("/v1/cluster/members"), request));
    List<Member> members = new ArrayList<>();
    for (JsonNode member : answers.array(root, "members")) {
      members.add(answers.member(member));
    }
    return members;
  }

  /** The cluster's catalogs and the nodes that read them ({@code GET /v1/catalog}). */
  public List<CatalogInfo> catalogs() {
    String request = "GET /v1/catalog";
    JsonAnswers answers = answers(request);
    JsonNode root = answers.parse(send(get("/v1/catalog"), request));
    List<CatalogInfo> catalogs = new ArrayList<>();
    for (JsonNode catalog : answers.array(root, "catalogs")) {
      catalogs.add(answers.catalog(catalog));
    }
    return catalogs;
  }

  /** The schemas and tables at a path of the cluster's catalogs ({@code tpch.sf0_01}). */
  public record Listing(List<String> schemas, List<String> tables) {
    public Listing {
      schemas = List.copyOf(schemas);
      tables = List.copyOf(tables);
    }
  }

  /** What is at {@code path} ({@code GET /v1/catalog/listing?path=...}). */
  public Listing listing(String path) {
    requireNonNull(path, "path is null");
    String resource = "/v1/catalog/listing?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    String request = "GET " + resource;
    JsonAnswers answers = answers(request);
    JsonNode root = answers.parse(send(get(resource), request));
    List<String> schemas = new ArrayList<>();
    for (JsonNode schema : answers.array(root, "schemas")) {
      schemas.add(schema.asText());
    }
    List<String> tables = new ArrayList<>();
    for (JsonNode table : answers.array(root, "tables")) {
      tables.add(table.asText());
    }
    return new Listing(schemas, tables);
  }

  /**
   * A table of the cluster by its path, catalog first ({@code tpch.sf0_01.lineitem}), to scan in a
   * plan sent to the cluster ({@code GET /v1/catalog/table?name=...}). An unknown table is {@link
   * ErrorCode#TABLE_NOT_FOUND}.
   */
  public RemoteTableSource table(String name) {
    requireNonNull(name, "name is null");
    String path = "/v1/catalog/table?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    String request = "GET " + path;
    byte[] body = send(get(path), request);
    Object decoded = new ObjectBatchCodec(LocusClient.class.getClassLoader()).decodeObject(body);
    if (decoded instanceof RemoteTableSource source) {
      return source;
    }
    throw new LocusException(
        ErrorCode.INTERNAL_ERROR,
        "The answer to "
            + request
            + " at "
            + uri
            + " is a "
            + (decoded == null ? "null" : decoded.getClass().getName())
            + ", not a RemoteTableSource");
  }

  /** The coordinator's metrics in Prometheus text format ({@code GET /metrics}). */
  public String metrics() {
    return new String(send(get("/metrics"), "GET /metrics"), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    allocator.close();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private JsonAnswers answers(String request) {
    return new JsonAnswers(request + " at " + uri);
  }

  private static String jobPath(String jobId) {
    return "/v1/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Header values may not hold line breaks or other control characters. */
  private static String headerValue(String text) {
    StringBuilder value = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      value.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return value.toString();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(uri + path)).timeout(REQUEST_TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder post(
      String path, String contentType, HttpRequest.BodyPublisher body) {
    return request(path).header("Content-Type", contentType).POST(body);
  }

  /** Sends a request and returns the body of a 2xx answer; anything else is thrown. */
  private byte[] send(HttpRequest.Builder builder, String request) {
    HttpResponse<byte[]> response = exchange(builder, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw error(request, response.statusCode(), response.body());
    }
    return response.body();
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler) {
    HttpRequest request = builder.build();
    try {
      return http.send(request, handler);
    } catch (HttpTimeoutException e) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE,
          "The Locus coordinator at "
              + uri
              + " did not answer "
              + request.method()
              + " "
              + request.uri().getRawPath()
              + " within "
              + request.timeout().orElse(REQUEST_TIMEOUT).toSeconds()
              + " s",
          e);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocusException(
          ErrorCode.JOB_CANCELLED,
          "Interrupted while waiting for the Locus coordinator at "
              + uri
              + " to answer "
              + request.method()
              + " "
              + request.uri().getRawPath(),
          e);
    }
  }

  private LocusException unreachable(IOException e) {
    return new LocusException(
        ErrorCode.NODE_UNAVAILABLE,
        "Cannot reach the Locus coordinator at " + uri + ": " + describe(e),
        e);
  }

  /**
   * The first message in a cause chain. The JDK's HTTP client reports a refused connection as a
   * {@link ConnectException} without any message.
   */
  private static String describe(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  /** The {@code error} object of the API's error body, or null when the body is something else. */
  private static JsonNode errorObject(byte[] body) {
    JsonNode root;
    try {
      root = JsonAnswers.MAPPER.readTree(body);
    } catch (IOException e) {
      // A proxy's page or a plain-text answer: the caller describes it by its HTTP status.
      return null;
    }
    JsonNode error = root == null ? null : root.get("error");
    return error != null && error.isObject() ? error : null;
  }

  /** The exception for a non-2xx answer, with the coordinator's code and message. */
  private LocusException error(String request, int statusCode, byte[] body) {
    ErrorCode code = null;
    String message = null;
    JsonNode error = errorObject(body);
    if (error != null) {
      String codeName = JsonAnswers.optionalText(error, "code");
      code = JsonAnswers.errorCode(codeName);
      message = JsonAnswers.optionalText(error, "message");
      if (code == ErrorCode.INTERNAL_ERROR && codeName != null && !codeName.equals(code.name())) {
        message = codeName + ": " + message;
      }
    }
    if (statusCode == 401) {
      String said = message == null ? "" : " (coordinator: " + message + ")";
      return new LocusException(
          ErrorCode.UNAUTHORIZED,
          token == null
              ? "The Locus cluster at "
                  + uri
                  + " needs a token: give it with --token or Locus.connect(url, token)"
                  + said
              : "The Locus cluster at "
                  + uri
                  + " refused the token: it is not the cluster's shared secret"
                  + said);
    }
    if (code != null && message != null) {
      return new LocusException(code, message);
    }
    return new LocusException(
        statusCode == 503 || statusCode == 502 || statusCode == 504
            ? ErrorCode.NODE_UNAVAILABLE
            : statusCode / 100 == 4 ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL_ERROR,
        "The Locus coordinator at "
            + uri
            + " answered "
            + request
            + " with HTTP "
            + statusCode
            + (body.length == 0 ? "" : ": " + JsonAnswers.quote(body)));
  }
}
