package dev.locus.cluster.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.cluster.coordinator.ClusterCatalog;
import dev.locus.cluster.coordinator.CoordinatorActor;
import dev.locus.cluster.coordinator.JobView;
import dev.locus.cluster.coordinator.Registry;
import dev.locus.cluster.coordinator.ResultCodec;
import dev.locus.cluster.worker.JobClassLoaders;
import dev.locus.cluster.worker.SchemaDescription;
import dev.locus.core.batch.ObjectBatchCodec;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The coordinator's HTTP API (see the README's "Cluster" section): jobs, results, jars, catalog,
 * members and metrics. Handlers ask the coordinator singleton with timeouts; answers that need
 * blocking work (describing tables, decoding results) run on a separate pool.
 */
public final class HttpApi extends AllDirectives {
  private static final Duration ASK = Duration.ofSeconds(30);
  private static final Duration SUBMIT = Duration.ofSeconds(180);
  private static final long MAX_WAIT_MILLIS = 120_000;
  private static final Pattern JAR_ID = Pattern.compile("[0-9a-f]{64}");
  private static final ContentType ARROW_STREAM =
      ContentTypes.create(
          MediaTypes.applicationBinary("vnd.apache.arrow.stream", MediaTypes.NOT_COMPRESSIBLE));

  private final ActorSystem<?> system;
  private final ActorRef<CoordinatorActor.Command> coordinator;
  private final String token;
  private final Path jars;
  private final java.util.function.Supplier<String> selfUri;
  private final ExecutorService blocking;
  private final BufferAllocator allocator;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param token the shared secret every request must carry, or null
   * @param jars where uploaded job jars are kept (the node's job-jar directory)
   * @param selfUri this API's base URI, for the jar URLs workers fetch from
   */
  public HttpApi(
      ActorSystem<?> system,
      ActorRef<CoordinatorActor.Command> coordinator,
      String token,
      Path jars,
      java.util.function.Supplier<String> selfUri,
      ExecutorService blocking,
      BufferAllocator allocator) {
    this.system = requireNonNull(system, "system is null");
    this.coordinator = requireNonNull(coordinator, "coordinator is null");
    this.token = token;
    this.jars = requireNonNull(jars, "jars is null");
    this.selfUri = requireNonNull(selfUri, "selfUri is null");
    this.blocking = requireNonNull(blocking, "blocking is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
  }

  public Route routes() {
    return optionalHeaderValueByName(
        "Authorization",
        authorization -> {
          if (token != null && !authorization.equals(Optional.of("Bearer " + token))) {
            return complete(
                error(
                    StatusCodes.UNAUTHORIZED,
                    ErrorCode.UNAUTHORIZED,
                    authorization.isPresent()
                        ? "The token sent does not match this cluster's"
                        : "This cluster needs a token: send 'Authorization: Bearer <token>'"));
          }
          return api();
        });
  }

  private Route api() {
    return concat(
        pathPrefix(
            "v1",
            () ->
                concat(
                    path(
                        "jars",
                        () ->
                            post(() -> entity(Unmarshaller.entityToByteArray(), this::uploadJar))),
                    path(
                        PathMatchers.segment("jars").slash(PathMatchers.segment()),
                        id -> get(() -> serveJar(id))),
                    path(
                        "jobs",
                        () ->
                            concat(post(this::submit), get(() -> completeWithFuture(listJobs())))),
                    path("explain", () -> post(this::explain)),
                    path(
                        PathMatchers.segment("jobs").slash(PathMatchers.segment()).slash("explain"),
                        id -> get(() -> completeWithFuture(explainRun(id)))),
                    path(
                        PathMatchers.segment("jobs").slash(PathMatchers.segment()).slash("results"),
                        id ->
                            get(
                                () ->
                                    parameterOptional(
                                        "format",
                                        format -> completeWithFuture(results(id, format))))),
                    path(
                        PathMatchers.segment("jobs").slash(PathMatchers.segment()),
                        id ->
                            concat(
                                get(
                                    () ->
                                        parameterOptional(
                                            "waitMillis",
                                            wait -> completeWithFuture(job(id, wait)))),
                                delete(() -> completeWithFuture(cancel(id))))),
                    path(
                        PathMatchers.segment("catalog").slash("table"),
                        () ->
                            get(() -> parameter("name", name -> completeWithFuture(table(name))))),
                    path(
                        PathMatchers.segment("catalog").slash("listing"),
                        () ->
                            get(
                                () ->
                                    parameter("path", name -> completeWithFuture(listing(name))))),
                    path("catalog", () -> get(() -> completeWithFuture(catalogs()))),
                    path(
                        PathMatchers.segment("cluster").slash("members"),
                        () -> get(() -> completeWithFuture(members()))))),
        path(
            "metrics",
            () ->
                get(
                    () ->
                        completeWithFuture(
                            AskPattern.<CoordinatorActor.Command, CoordinatorActor.MetricsText>ask(
                                    coordinator,
                                    CoordinatorActor.GetMetrics::new,
                                    ASK,
                                    system.scheduler())
                                .thenApply(
                                    metrics ->
                                        HttpResponse.create()
                                            .withEntity(
                                                HttpEntities.create(
                                                    ContentTypes.TEXT_PLAIN_UTF8, metrics.text())))
                                .exceptionally(this::failure)))));
  }

  // ---- jars

  private Route uploadJar(byte[] bytes) {
    String jarId = JobClassLoaders.jarId(bytes);
    try {
      Files.createDirectories(jars);
      Path jar = jars.resolve(jarId + ".jar");
      if (!Files.exists(jar)) {
        Path partial = Files.createTempFile(jars, jarId, ".part");
        Files.write(partial, bytes);
        Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      return complete(
          error(
              StatusCodes.INTERNAL_SERVER_ERROR, ErrorCode.IO_ERROR, "Cannot store the jar: " + e));
    }
    ObjectNode answer = json.createObjectNode().put("jarId", jarId);
    return complete(ok(StatusCodes.OK, answer));
  }

  private Route serveJar(String jarId) {
    Path jar = jars.resolve(jarId + ".jar");
    if (!JAR_ID.matcher(jarId).matches() || !Files.exists(jar)) {
      return complete(
          error(StatusCodes.NOT_FOUND, ErrorCode.JOB_NOT_FOUND, "No jar with id " + jarId));
    }
    try {
      return complete(
          HttpResponse.create()
              .withEntity(
                  HttpEntities.create(
                      ContentTypes.APPLICATION_OCTET_STREAM, Files.readAllBytes(jar))));
    } catch (IOException e) {
      return complete(
          error(
              StatusCodes.INTERNAL_SERVER_ERROR,
              ErrorCode.IO_ERROR,
              "Cannot read jar " + jarId + ": " + e));
    }
  }

  // ---- jobs

  private Route submit() {
    return withJobRequest(job -> completeWithFuture(submit(job)));
  }

  private Route explain() {
    return withJobRequest(
        job ->
            completeWithFuture(
                explained(
                    AskPattern.ask(
                        coordinator,
                        replyTo -> new CoordinatorActor.ExplainJob(job, replyTo),
                        SUBMIT,
                        system.scheduler()))));
  }

  /**
   * Reads a job from the request (JSON with SQL, or an encoded plan with its jar and name in
   * headers) and hands it to {@code inner}; a request that does not read answers with its error.
   */
  private Route withJobRequest(
      java.util.function.Function<CoordinatorActor.JobRequest, Route> inner) {
    return extractRequest(
        request ->
            optionalHeaderValueByName(
                "X-Locus-Jar",
                jarId ->
                    optionalHeaderValueByName(
                        "X-Locus-Job-Name",
                        name ->
                            entity(
                                Unmarshaller.entityToByteArray(),
                                body -> {
                                  boolean isJson =
                                      request
                                          .entity()
                                          .getContentType()
                                          .mediaType()
                                          .equals(MediaTypes.APPLICATION_JSON);
                                  CoordinatorActor.JobRequest job;
                                  try {
                                    job =
                                        isJson ? sqlRequest(body) : planRequest(body, jarId, name);
                                  } catch (LocusException e) {
                                    return complete(error(e));
                                  }
                                  return inner.apply(job);
                                }))));
  }

  private CompletionStage<HttpResponse> explainRun(String jobId) {
    return explained(
        AskPattern.ask(
            coordinator,
            replyTo -> new CoordinatorActor.ExplainRun(jobId, replyTo),
            ASK,
            system.scheduler()));
  }

  private CompletionStage<HttpResponse> explained(
      CompletionStage<CoordinatorActor.ExplainAnswer> answer) {
    return answer
        .thenApply(
            explanation -> {
              if (explanation.errorCode() != null) {
                return error(
                    new LocusException(
                        ErrorCode.valueOf(explanation.errorCode()), explanation.errorMessage()));
              }
              return HttpResponse.create()
                  .withEntity(
                      HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, explanation.text()));
            })
        .exceptionally(this::failure);
  }

  private CoordinatorActor.JobRequest sqlRequest(byte[] body) {
    JsonNode request;
    try {
      request = json.readTree(body);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "The request body is not JSON: " + e.getMessage());
    }
    JsonNode sql = request == null ? null : request.get("sql");
    if (sql == null || !sql.isTextual() || sql.asText().isBlank()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A JSON job needs a non-empty \"sql\" field; found " + request);
    }
    JsonNode name = request.get("name");
    JsonNode schema = request.get("schema");
    return new CoordinatorActor.JobRequest(
        name == null || name.isNull() ? "" : name.asText(),
        sql.asText(),
        schema == null || schema.isNull() ? null : schema.asText(),
        null,
        null,
        null);
  }

  private CoordinatorActor.JobRequest planRequest(
      byte[] body, Optional<String> jarId, Optional<String> name) {
    if (body.length == 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "The request body is empty; expected an encoded plan");
    }
    String jar = jarId.orElse(null);
    if (jar != null
        && (!JAR_ID.matcher(jar).matches() || !Files.exists(jars.resolve(jar + ".jar")))) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Unknown job jar '" + jar + "'; upload it with POST /v1/jars first");
    }
    return new CoordinatorActor.JobRequest(
        name.orElse(""),
        null,
        null,
        body,
        jar,
        jar == null ? null : selfUri.get() + "/v1/jars/" + jar);
  }

  private CompletionStage<HttpResponse> submit(CoordinatorActor.JobRequest job) {
    return AskPattern.<CoordinatorActor.Command, CoordinatorActor.SubmitAnswer>ask(
            coordinator,
            replyTo -> new CoordinatorActor.SubmitJob(job, replyTo),
            SUBMIT,
            system.scheduler())
        .thenApply(
            answer -> {
              if (answer.errorCode() != null) {
                return error(
                    new LocusException(
                        ErrorCode.valueOf(answer.errorCode()), answer.errorMessage()));
              }
              return ok(
                  StatusCodes.ACCEPTED,
                  json.createObjectNode().put("jobId", answer.jobId()).put("status", "RUNNING"));
            })
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> listJobs() {
    return AskPattern.<CoordinatorActor.Command, CoordinatorActor.JobList>ask(
            coordinator, CoordinatorActor.ListJobs::new, ASK, system.scheduler())
        .thenApply(
            list -> {
              ObjectNode answer = json.createObjectNode();
              ArrayNode jobs = answer.putArray("jobs");
              for (JobView job : list.jobs()) {
                ObjectNode node = jobs.addObject();
                node.put("jobId", job.jobId()).put("name", job.name()).put("status", job.status());
                node.put("submittedAt", job.submittedAt())
                    .put("elapsedMillis", job.elapsedMillis());
                putError(node, job);
              }
              return ok(StatusCodes.OK, answer);
            })
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> job(String jobId, Optional<String> waitMillis) {
    long wait;
    try {
      wait = Math.min(MAX_WAIT_MILLIS, Math.max(0, Long.parseLong(waitMillis.orElse("0"))));
    } catch (NumberFormatException e) {
      return CompletableFuture.completedFuture(
          error(
              new LocusException(
                  ErrorCode.INVALID_ARGUMENT,
                  "waitMillis must be a number; found '" + waitMillis.get() + "'")));
    }
    return AskPattern.<CoordinatorActor.Command, CoordinatorActor.JobAnswer>ask(
            coordinator,
            replyTo -> new CoordinatorActor.GetJob(jobId, wait, replyTo),
            ASK.plusMillis(wait),
            system.scheduler())
        .thenApply(
            answer ->
                answer.job() == null ? unknownJob(jobId) : ok(StatusCodes.OK, view(answer.job())))
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> cancel(String jobId) {
    return AskPattern.<CoordinatorActor.Command, CoordinatorActor.JobAnswer>ask(
            coordinator,
            replyTo -> new CoordinatorActor.CancelJob(jobId, replyTo),
            ASK,
            system.scheduler())
        .thenApply(
            answer ->
                answer.job() == null
                    ? unknownJob(jobId)
                    : ok(
                        StatusCodes.OK,
                        json.createObjectNode()
                            .put("jobId", jobId)
                            .put("status", answer.job().status())))
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> results(String jobId, Optional<String> format) {
    String kind = format.orElse("arrow").toLowerCase(java.util.Locale.ROOT);
    if (!List.of("arrow", "csv", "json").contains(kind)) {
      return CompletableFuture.completedFuture(
          error(
              new LocusException(
                  ErrorCode.INVALID_ARGUMENT,
                  "format must be one of [arrow, csv, json]; found '" + kind + "'")));
    }
    return AskPattern.<CoordinatorActor.Command, CoordinatorActor.ResultAnswer>ask(
            coordinator,
            replyTo -> new CoordinatorActor.GetResult(jobId, replyTo),
            ASK,
            system.scheduler())
        .thenApplyAsync(
            answer -> {
              if (answer.status() == null) {
                return unknownJob(jobId);
              }
              if (answer.arrow() == null) {
                String message =
                    answer.errorMessage() != null
                        ? answer.errorMessage()
                        : "Job " + jobId + " has not finished; its status is " + answer.status();
                return error(
                    StatusCodes.CONFLICT,
                    answer.errorCode() == null
                        ? ErrorCode.INVALID_ARGUMENT
                        : ErrorCode.valueOf(answer.errorCode()),
                    message);
              }
              if (kind.equals("arrow")) {
                return HttpResponse.create()
                    .withEntity(HttpEntities.create(ARROW_STREAM, answer.arrow()));
              }
              ResultCodec.Decoded decoded = ResultCodec.decode(answer.arrow(), allocator);
              String text = kind.equals("csv") ? csv(decoded) : jsonLines(decoded);
              ContentType.NonBinary type =
                  kind.equals("csv") ? ContentTypes.TEXT_CSV_UTF8 : ContentTypes.APPLICATION_JSON;
              return HttpResponse.create().withEntity(HttpEntities.create(type, text));
            },
            blocking)
        .exceptionally(this::failure);
  }

  private static String csv(ResultCodec.Decoded result) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(result.schema().names());
      for (List<Object> row : result.rows()) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
          Object value = row.get(i);
          values[i] = value instanceof BigDecimal decimal ? decimal.toPlainString() : value;
        }
        printer.printRecord(Arrays.asList(values));
      }
    } catch (IOException e) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "Cannot write CSV: " + e, e);
    }
    return out.toString();
  }

  private String jsonLines(ResultCodec.Decoded result) {
    StringBuilder out = new StringBuilder();
    List<String> names = result.schema().names();
    for (List<Object> row : result.rows()) {
      ObjectNode node = json.createObjectNode();
      for (int i = 0; i < names.size(); i++) {
        Object value = row.get(i);
        if (value == null) {
          node.putNull(names.get(i));
        } else if (value instanceof BigDecimal decimal) {
          node.put(names.get(i), decimal);
        } else if (value instanceof Long number) {
          node.put(names.get(i), number);
        } else if (value instanceof Integer number) {
          node.put(names.get(i), number);
        } else if (value instanceof Double number) {
          node.put(names.get(i), number);
        } else if (value instanceof Boolean bool) {
          node.put(names.get(i), bool);
        } else {
          node.put(names.get(i), value.toString());
        }
      }
      out.append(node).append('\n');
    }
    return out.toString();
  }

  private ObjectNode view(JobView job) {
    ObjectNode node = json.createObjectNode();
    node.put("jobId", job.jobId()).put("name", job.name()).put("status", job.status());
    node.put("submittedAt", job.submittedAt()).put("elapsedMillis", job.elapsedMillis());
    putError(node, job);
    if (job.rows() >= 0) {
      node.put("rows", job.rows());
    }
    ArrayNode stages = node.putArray("stages");
    for (JobView.StageView stage : job.stages()) {
      ObjectNode stageNode = stages.addObject();
      stageNode.put("stageId", stage.stageId()).put("description", stage.description());
      stageNode
          .put("tasks", stage.tasks())
          .put("finished", stage.finished())
          .put("running", stage.running());
      stageNode.put("retries", stage.retries()).put("rows", stage.rows());
      ArrayNode nodes = stageNode.putArray("nodes");
      stage.nodes().forEach(nodes::add);
      ArrayNode sites = stageNode.putArray("sites");
      stage.sites().forEach(sites::add);
    }
    return node;
  }

  private void putError(ObjectNode node, JobView job) {
    if (job.errorCode() == null) {
      node.putNull("error");
    } else {
      node.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
    }
  }

  // ---- catalog and members

  private CompletionStage<Registry> registry() {
    return AskPattern.ask(coordinator, CoordinatorActor.GetRegistry::new, ASK, system.scheduler());
  }

  private CompletionStage<HttpResponse> table(String name) {
    List<String> path = List.of(name.split("\\."));
    return registry()
        .thenApplyAsync(
            registry -> {
              byte[] table =
                  new ObjectBatchCodec()
                      .encodeObject(new ClusterCatalog(system, registry).describeTable(path));
              return HttpResponse.create()
                  .withEntity(HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, table));
            },
            blocking)
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> listing(String name) {
    List<String> path = List.of(name.split("\\."));
    return registry()
        .thenApplyAsync(
            registry -> {
              SchemaDescription description =
                  new ClusterCatalog(system, registry).describeSchema(path);
              ObjectNode answer = json.createObjectNode();
              ArrayNode schemas = answer.putArray("schemas");
              description.schemas().forEach(schemas::add);
              ArrayNode tables = answer.putArray("tables");
              description.tables().keySet().stream().sorted().forEach(tables::add);
              return ok(StatusCodes.OK, answer);
            },
            blocking)
        .exceptionally(this::failure);
  }

  private CompletionStage<HttpResponse> catalogs() {
    return registry()
        .thenApply(
            registry -> {
              ObjectNode answer = json.createObjectNode();
              ArrayNode catalogs = answer.putArray("catalogs");
              new ClusterCatalog(system, registry)
                  .catalogs()
                  .forEach(
                      (name, entries) -> {
                        ObjectNode catalog = catalogs.addObject();
                        catalog.put("name", name);
                        catalog.put(
                            "kind",
                            entries.isEmpty()
                                ? "unknown"
                                : entries.get(0).node().catalogs().entrySet().stream()
                                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                                    .findFirst()
                                    .map(java.util.Map.Entry::getValue)
                                    .orElse("unknown"));
                        ArrayNode nodes = catalog.putArray("nodes");
                        ArrayNode sites = catalog.putArray("sites");
                        for (Registry.Entry entry : entries) {
                          nodes.add(entry.node().node());
                          if (!contains(sites, entry.node().site())) {
                            sites.add(entry.node().site());
                          }
                        }
                      });
              return ok(StatusCodes.OK, answer);
            })
        .exceptionally(this::failure);
  }

  private static boolean contains(ArrayNode array, String value) {
    for (JsonNode element : array) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private CompletionStage<HttpResponse> members() {
    return registry()
        .thenApply(
            registry -> {
              ObjectNode answer = json.createObjectNode();
              ArrayNode members = answer.putArray("members");
              Cluster cluster = Cluster.get(system);
              java.util.Set<Member> unreachable = cluster.state().getUnreachable();
              for (Member member : cluster.state().getMembers()) {
                ObjectNode node = members.addObject();
                String memberAddress = member.address().toString();
                Optional<Registry.Entry> entry =
                    registry.workers().stream()
                        .filter(e -> e.node().memberAddress().equals(memberAddress))
                        .findFirst();
                String hostPort =
                    member.address().host().get() + ":" + member.address().port().get();
                node.put("address", hostPort);
                ArrayNode roles = node.putArray("roles");
                member.getRoles().stream()
                    .filter(role -> !role.startsWith("dc-"))
                    .sorted()
                    .forEach(roles::add);
                node.put("status", member.status().toString());
                node.put("reachable", !unreachable.contains(member));
                node.put("site", entry.map(e -> e.node().site()).orElse(null));
                ArrayNode catalogs = node.putArray("catalogs");
                entry.ifPresent(e -> e.node().catalogs().keySet().forEach(catalogs::add));
                node.put("http", entry.map(e -> e.node().httpUri()).orElse(null));
              }
              return ok(StatusCodes.OK, answer);
            })
        .exceptionally(this::failure);
  }

  // ---- answers

  private HttpResponse ok(StatusCode status, JsonNode body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.toString()));
  }

  private HttpResponse unknownJob(String jobId) {
    return error(StatusCodes.NOT_FOUND, ErrorCode.JOB_NOT_FOUND, "No job with id '" + jobId + "'");
  }

  private HttpResponse error(LocusException e) {
    StatusCode status =
        switch (e.code().kind()) {
          case USER_ERROR ->
              e.code() == ErrorCode.JOB_NOT_FOUND
                  ? StatusCodes.NOT_FOUND
                  : e.code() == ErrorCode.UNAUTHORIZED
                      ? StatusCodes.UNAUTHORIZED
                      : StatusCodes.BAD_REQUEST;
          case EXTERNAL, RESOURCES -> StatusCodes.SERVICE_UNAVAILABLE;
          case INTERNAL -> StatusCodes.INTERNAL_SERVER_ERROR;
        };
    if (e.code() == ErrorCode.TABLE_NOT_FOUND) {
      status = StatusCodes.NOT_FOUND;
    }
    return error(status, e.code(), e.getMessage());
  }

  private HttpResponse error(StatusCode status, ErrorCode code, String message) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("code", code.name()).put("message", message);
    return ok(status, body);
  }

  private HttpResponse failure(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof LocusException locus) {
      return error(locus);
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return error(
          StatusCodes.SERVICE_UNAVAILABLE,
          ErrorCode.NODE_UNAVAILABLE,
          "The coordinator did not answer in time: " + cause.getMessage());
    }
    system.log().warn("HTTP request failed", cause);
    return error(
        StatusCodes.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR, "Internal error: " + cause);
  }
}
