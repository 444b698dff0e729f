package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The coordinator's HTTP API as the tests use it: plain {@code java.net.http} and Jackson, written
 * against the contract (not the Java client), so that the tests check the wire format too.
 */
final class ClusterHttp {
  /** Statuses after which a job does not change any more. */
  static final Set<String> FINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** A request without a long poll must be answered within this. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Longest long poll asked for at once. */
  private static final long MAX_WAIT_MILLIS = 5_000;

  /** Long poll while waiting for a condition other than the job's end. */
  private static final long CONDITION_POLL_MILLIS = 100;

  private final URI base;
  private final String token;
  private final HttpClient client;

  /**
   * @param base the coordinator's {@code http://host:port}
   * @param token the cluster's shared secret, or null when it has none
   */
  ClusterHttp(URI base, String token) {
    this.base = requireNonNull(base, "base is null");
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  URI base() {
    return base;
  }

  /** The same API without the token (for checking that it is required). */
  ClusterHttp withoutToken() {
    return new ClusterHttp(base, null);
  }

  /** {@code GET /metrics}: the value of the sample {@code name} (without labels), if present. */
  Optional<Double> metric(String name) {
    String text = get("/metrics", Duration.ZERO).expect(200, "Metrics").body();
    for (String line : text.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 2 && parts[0].equals(name)) {
        return Optional.of(Double.valueOf(parts[1]));
      }
    }
    return Optional.empty();
  }

  /** One HTTP answer. */
  record Answer(int status, String contentType, String body) {
    Answer {
      requireNonNull(contentType, "contentType is null");
      requireNonNull(body, "body is null");
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("Answer " + status + " is not JSON: " + body, e);
      }
    }

    /** {@code error.code} of an error answer. */
    String errorCode() {
      return json().path("error").path("code").asText(null);
    }

    /** {@code error.message} of an error answer. */
    String errorMessage() {
      return json().path("error").path("message").asText(null);
    }

    /** This answer, after checking its status; else an error showing the body. */
    Answer expect(int expectedStatus, String what) {
      if (status != expectedStatus) {
        throw new AssertionError(
            what + ": expected HTTP " + expectedStatus + " but got " + status + ": " + body);
      }
      return this;
    }
  }

  /** A job's error. */
  record JobError(String code, String message) {}

  /** One stage of a job, as {@code GET /v1/jobs/{id}} shows it. */
  record StageStatus(
      int stageId,
      String description,
      int tasks,
      int finished,
      int running,
      int retries,
      List<String> nodes,
      List<String> sites,
      long rows) {
    StageStatus {
      nodes = List.copyOf(nodes);
      sites = List.copyOf(sites);
    }
  }

  /** A job's status, as {@code GET /v1/jobs/{id}} shows it. */
  record JobStatus(
      String jobId,
      String name,
      String status,
      long elapsedMillis,
      Optional<JobError> error,
      List<StageStatus> stages,
      JsonNode json) {
    JobStatus {
      requireNonNull(jobId, "jobId is null");
      requireNonNull(status, "status is null");
      requireNonNull(error, "error is null");
      stages = List.copyOf(stages);
    }

    boolean ended() {
      return FINAL_STATUSES.contains(status);
    }

    /** Whether a stage has tasks running and lists {@code address} among its nodes. */
    boolean runsTasksOn(String address) {
      return stages.stream().anyMatch(s -> s.running() > 0 && s.nodes().contains(address));
    }

    /** Retries over all stages. */
    int retries() {
      return stages.stream().mapToInt(StageStatus::retries).sum();
    }

    static JobStatus parse(JsonNode json) {
      List<StageStatus> stages = new ArrayList<>();
      for (JsonNode stage : json.path("stages")) {
        stages.add(
            new StageStatus(
                stage.path("stageId").asInt(),
                stage.path("description").asText(""),
                stage.path("tasks").asInt(),
                stage.path("finished").asInt(),
                stage.path("running").asInt(),
                stage.path("retries").asInt(),
                texts(stage.path("nodes")),
                texts(stage.path("sites")),
                stage.path("rows").asLong()));
      }
      JsonNode error = json.path("error");
      return new JobStatus(
          json.path("jobId").asText(),
          json.path("name").asText(null),
          json.path("status").asText(),
          json.path("elapsedMillis").asLong(),
          error.isObject()
              ? Optional.of(
                  new JobError(error.path("code").asText(null), error.path("message").asText(null)))
              : Optional.empty(),
          stages,
          json);
    }
  }

  /** One cluster member, as {@code GET /v1/cluster/members} shows it. */
  record Member(
      String address,
      List<String> roles,
      String status,
      String site,
      List<String> catalogs,
      String http,
      boolean reachable) {
    Member {
      requireNonNull(address, "address is null");
      roles = List.copyOf(roles);
      catalogs = List.copyOf(catalogs);
    }

    boolean upAndReachable() {
      return "Up".equals(status) && reachable;
    }
  }

  /** {@code POST /v1/jobs} with SQL; the job id of the 202 answer. */
  String submitSql(String sql) {
    return submitSql(sql, token).expect(202, "Submitting " + sql).json().path("jobId").asText();
  }

  /** {@code POST /v1/jobs} with SQL, sending {@code withToken} (null: no Authorization header). */
  Answer submitSql(String sql, String withToken) {
    ObjectNode body = JSON.createObjectNode().put("sql", sql);
    HttpRequest.Builder request =
        request("/v1/jobs", REQUEST_TIMEOUT, withToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    return send(request.build());
  }

  /**
   * {@code GET /v1/jobs/{id}?waitMillis=N}: answers when the job has ended or after {@code
   * waitMillis}, whichever comes first.
   */
  JobStatus status(String jobId, long waitMillis) {
    Answer answer =
        get(
                "/v1/jobs/" + encode(jobId) + "?waitMillis=" + waitMillis,
                Duration.ofMillis(waitMillis))
            .expect(200, "Status of " + jobId);
    return JobStatus.parse(answer.json());
  }

  /** Long-polls until the job has ended. */
  JobStatus awaitEnd(String jobId, Duration timeout) {
    return poll(jobId, "its end", JobStatus::ended, timeout, MAX_WAIT_MILLIS);
  }

  /**
   * Polls until {@code condition} holds of the job's status; fails when the job ends without it or
   * after {@code timeout}. The status request itself is the pause between polls: its long poll
   * answers after {@link #CONDITION_POLL_MILLIS} (or at once when the job ends).
   */
  JobStatus awaitStatus(
      String jobId, String what, Predicate<JobStatus> condition, Duration timeout) {
    return poll(jobId, what, condition, timeout, CONDITION_POLL_MILLIS);
  }

  private JobStatus poll(
      String jobId,
      String what,
      Predicate<JobStatus> condition,
      Duration timeout,
      long waitMillis) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobStatus last = status(jobId, 0);
    while (!condition.test(last)) {
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (last.ended() || remainingMillis <= 0) {
        throw new AssertionError(
            "Job "
                + jobId
                + (last.ended() ? " ended" : " timed out after " + timeout)
                + " before "
                + what
                + "; last status: "
                + last.json());
      }
      last = status(jobId, Math.min(remainingMillis, waitMillis));
    }
    return last;
  }

  /** {@code GET /v1/jobs/{id}/results?format=csv}, expecting 200. */
  String resultsCsv(String jobId) {
    return results(jobId, "csv").expect(200, "CSV results of " + jobId).body();
  }

  /** {@code GET /v1/jobs/{id}/results?format=...}. */
  Answer results(String jobId, String format) {
    return get("/v1/jobs/" + encode(jobId) + "/results?format=" + encode(format), Duration.ZERO);
  }

  /** {@code DELETE /v1/jobs/{id}}. */
  Answer cancel(String jobId) {
    return send(request("/v1/jobs/" + encode(jobId), REQUEST_TIMEOUT, token).DELETE().build());
  }

  /** {@code GET /v1/jobs}. */
  Answer jobs() {
    return get("/v1/jobs", Duration.ZERO);
  }

  /** {@code GET /v1/cluster/members}. */
  List<Member> members() {
    JsonNode json = get("/v1/cluster/members", Duration.ZERO).expect(200, "Members").json();
    List<Member> members = new ArrayList<>();
    for (JsonNode member : json.path("members")) {
      members.add(
          new Member(
              member.path("address").asText(),
              texts(member.path("roles")),
              member.path("status").asText(),
              member.path("site").asText(null),
              texts(member.path("catalogs")),
              member.path("http").isTextual() ? member.path("http").asText() : null,
              member.path("reachable").asBoolean(true)));
    }
    return members;
  }

  /** A GET of {@code pathAndQuery} with the cluster's token. */
  Answer get(String pathAndQuery, Duration longPoll) {
    return send(request(pathAndQuery, REQUEST_TIMEOUT.plus(longPoll), token).GET().build());
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout, String withToken) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout);
    if (withToken != null) {
      builder.header("Authorization", "Bearer " + withToken);
    }
    return builder;
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted during " + request.method() + " " + request.uri(), e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (JsonNode element : array) {
      texts.add(element.asText());
    }
    return texts;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
