package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.sql.tpch.ResultRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The harness's HTTP side against a stand-in coordinator that answers as the contract of
 * brief-cluster.md says (JSON shapes, token, long polls), and reading CSV results back into typed
 * rows.
 */
class ClusterHttpIT {
  private static final String TOKEN = "secret";

  private HttpServer server;
  private ClusterHttp http;
  private final List<String> requests = new ArrayList<>();
  private final Map<String, Integer> statusPolls = new ConcurrentHashMap<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    http = new ClusterHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), TOKEN);
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String uri = exchange.getRequestURI().toString();
    synchronized (requests) {
      requests.add(method + " " + uri);
    }
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      respond(exchange, 401, "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"no token\"}}");
      return;
    }
    if (method.equals("POST") && uri.equals("/v1/jobs")) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exchange.getRequestHeaders().getFirst("Content-Type"))
          .isEqualTo("application/json");
      respond(
          exchange,
          body.contains("SELECT 1") ? 202 : 400,
          body.contains("SELECT 1")
              ? "{\"jobId\":\"job-7\",\"status\":\"RUNNING\"}"
              : "{\"error\":{\"code\":\"SQL_ERROR\",\"message\":\"bad\"}}");
    } else if (method.equals("GET") && uri.startsWith("/v1/jobs/job-7?waitMillis=")) {
      int polls = statusPolls.merge("job-7", 1, Integer::sum);
      String status = polls < 3 ? "RUNNING" : "SUCCEEDED";
      respond(
          exchange,
          200,
          "{\"jobId\":\"job-7\",\"name\":null,\"status\":\""
              + status
              + "\",\"elapsedMillis\":12,\"error\":null,\"stages\":[{\"stageId\":0,"
              + "\"description\":\"Scan tpch.sf0_01.orders → Filter\",\"tasks\":4,\"finished\":2,"
              + "\"running\":"
              + (polls < 2 ? 0 : 2)
              + ",\"retries\":1,\"nodes\":[\"127.0.0.1:25520\"],\"sites\":[\"a\"],\"rows\":12345}]}");
    } else if (method.equals("GET") && uri.startsWith("/v1/jobs/job-9?")) {
      respond(
          exchange,
          200,
          "{\"jobId\":\"job-9\",\"status\":\"FAILED\",\"elapsedMillis\":3,\"error\":{\"code\":"
              + "\"NODE_UNAVAILABLE\",\"message\":\"node 127.0.0.1:1 died\"},\"stages\":[]}");
    } else if (method.equals("GET") && uri.equals("/v1/jobs/job-7/results?format=csv")) {
      respond(exchange, 200, "a,b\n1,x\n");
    } else if (method.equals("DELETE") && uri.equals("/v1/jobs/job-7")) {
      respond(exchange, 200, "{\"jobId\":\"job-7\",\"status\":\"CANCELLED\"}");
    } else if (method.equals("GET") && uri.equals("/v1/cluster/members")) {
      respond(
          exchange,
          200,
          "{\"members\":[{\"address\":\"127.0.0.1:25520\",\"roles\":[\"coordinator\",\"worker\"],"
              + "\"status\":\"Up\",\"site\":\"a\",\"catalogs\":[\"tpch\",\"sales\"],"
              + "\"http\":\"http://127.0.0.1:8080\"},{\"address\":\"127.0.0.1:25521\",\"roles\":"
              + "[\"worker\"],\"status\":\"Up\",\"site\":\"b\",\"catalogs\":[],\"http\":null,"
              + "\"reachable\":false}]}");
    } else if (method.equals("GET") && uri.equals("/metrics")) {
      respond(
          exchange,
          200,
          "# HELP locus_jobs_running Jobs running\n# TYPE locus_jobs_running gauge\n"
              + "locus_jobs_running 2.0\nlocus_jobs_submitted_total 5\n");
    } else {
      respond(
          exchange, 404, "{\"error\":{\"code\":\"JOB_NOT_FOUND\",\"message\":\"" + uri + "\"}}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void submitsPollsAndReadsStagesAsTheContractShowsThem() {
    String jobId = http.submitSql("SELECT 1");
    ClusterHttp.JobStatus running =
        http.awaitStatus(
            jobId, "running tasks", s -> s.runsTasksOn("127.0.0.1:25520"), Duration.ofSeconds(10));
    ClusterHttp.JobStatus end = http.awaitEnd(jobId, Duration.ofSeconds(10));

    assertThat(jobId).isEqualTo("job-7");
    assertThat(running.status()).isEqualTo("RUNNING");
    assertThat(running.stages())
        .containsExactly(
            new ClusterHttp.StageStatus(
                0,
                "Scan tpch.sf0_01.orders → Filter",
                4,
                2,
                2,
                1,
                List.of("127.0.0.1:25520"),
                List.of("a"),
                12345));
    assertThat(end.status()).isEqualTo("SUCCEEDED");
    assertThat(end.ended()).isTrue();
    assertThat(end.error()).isEmpty();
    assertThat(end.retries()).isEqualTo(1);
    assertThat(requests).contains("GET /v1/jobs/job-7?waitMillis=0");
    assertThat(http.resultsCsv(jobId)).isEqualTo("a,b\n1,x\n");
    assertThat(http.cancel(jobId).json().path("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void readsAJobsError() {
    ClusterHttp.JobStatus failed = http.status("job-9", 1000);

    assertThat(failed.ended()).isTrue();
    assertThat(failed.error())
        .contains(new ClusterHttp.JobError("NODE_UNAVAILABLE", "node 127.0.0.1:1 died"));
    assertThatThrownBy(
            () -> http.awaitStatus("job-9", "running tasks", s -> false, Duration.ofSeconds(5)))
        .hasMessageContaining("Job job-9 ended before running tasks");
  }

  @Test
  void readsMembersWithReachability() {
    List<ClusterHttp.Member> members = http.members();

    assertThat(members)
        .containsExactly(
            new ClusterHttp.Member(
                "127.0.0.1:25520",
                List.of("coordinator", "worker"),
                "Up",
                "a",
                List.of("tpch", "sales"),
                "http://127.0.0.1:8080",
                true),
            new ClusterHttp.Member(
                "127.0.0.1:25521", List.of("worker"), "Up", "b", List.of(), null, false));
    assertThat(members.get(1).upAndReachable()).isFalse();
  }

  @Test
  void sendsTheTokenOnlyWhenItHasOne() {
    ClusterHttp.Answer without = http.submitSql("SELECT 1", null);
    ClusterHttp.Answer badSql = http.submitSql("SELEC", TOKEN);

    assertThat(without.status()).isEqualTo(401);
    assertThat(without.errorCode()).isEqualTo("UNAUTHORIZED");
    assertThat(http.withoutToken().jobs().status()).isEqualTo(401);
    assertThat(badSql.status()).isEqualTo(400);
    assertThatThrownBy(() -> http.submitSql("SELEC"))
        .hasMessageContaining("expected HTTP 202 but got 400");
  }

  @Test
  void readsAMetric() {
    assertThat(http.metric("locus_jobs_running")).contains(2.0);
    assertThat(http.metric("locus_jobs_submitted_total")).contains(5.0);
    assertThat(http.metric("locus_absent")).isEmpty();
  }

  @Test
  void readsCsvResultsIntoTheOraclesTypes() {
    Schema types =
        new Schema(
            Arrays.asList(
                Field.nullable("flag", DataType.VARCHAR),
                Field.nullable("n", DataType.BIGINT),
                Field.nullable("price", new DataType(DataType.Kind.DECIMAL, 12, 2)),
                Field.nullable("day", DataType.DATE),
                Field.nullable("at", DataType.TIMESTAMP),
                Field.nullable("ok", DataType.BOOLEAN),
                Field.nullable("ratio", DataType.DOUBLE)));

    ResultRows rows =
        ClusterResults.parseCsv(
            "flag,n,price,day,at,ok,ratio\n"
                + "\"a,b\",3,10.50,1995-03-15,2024-01-02 03:04:05.123456,true,0.5\n"
                + "\"\",,,,,,\n",
            types);

    assertThat(rows.columns()).containsExactly("flag", "n", "price", "day", "at", "ok", "ratio");
    assertThat(rows.rows().get(0))
        .containsExactly(
            "a,b",
            3L,
            new BigDecimal("10.50"),
            LocalDate.of(1995, 3, 15),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000),
            true,
            0.5);
    assertThat(rows.rows().get(1)).containsExactly("", null, null, null, null, null, null);
    assertThatThrownBy(
            () ->
                ClusterResults.parseCsv("n\nx\n", Schema.of(Field.nullable("n", DataType.BIGINT))))
        .hasMessage(
            "Value 'x' of column n in CSV record 1 is not a BIGINT: For input string: \"x\"");
  }
}
