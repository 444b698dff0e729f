package dev.locus.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.cluster.coordinator.ResultCodec;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import dev.locus.sql.tpch.TpchQueries;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A three-node cluster in one JVM (sites a, b and c; TPC-H on every node, a CSV catalog only on the
 * node in site c), driven through its HTTP API. Results are checked against DuckDB on the same
 * TPC-H data, or against sums computed here from the CSV rows.
 */
class ClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path csvDirectory;
  private static EmbeddedCluster cluster;
  private static TpchDuckDb duckDb;
  private static RootAllocator allocator;
  private static final Map<String, BigDecimal> SALES_BY_REGION = new TreeMap<>();

  @BeforeAll
  static void startCluster() throws IOException {
    StringBuilder csv = new StringBuilder("id,region,amount\n");
    String[] regions = {"north", "south", "east", "west"};
    for (int i = 0; i < 5000; i++) {
      String region = regions[i % regions.length];
      BigDecimal amount = BigDecimal.valueOf(i * 37L % 10_000, 2);
      csv.append(i)
          .append(',')
          .append(region)
          .append(',')
          .append(amount.toPlainString())
          .append('\n');
      SALES_BY_REGION.merge(region, amount, BigDecimal::add);
    }
    Files.writeString(csvDirectory.resolve("orders.csv"), csv);
    // The bad row comes after the rows schema inference reads, so a task meets it.
    StringBuilder broken = new StringBuilder("id,amount\n");
    for (int i = 0; i < 1500; i++) {
      broken.append(i).append(",1.5\n");
    }
    broken.append("1500,2.5,extra\n");
    Files.writeString(csvDirectory.resolve("broken.csv"), broken);
    NodeConfig base = NodeConfig.local("a").withParallelism(2).withTpch(true);
    cluster =
        EmbeddedCluster.start(
            List.of(
                base,
                NodeConfig.local("b")
                    .withRoles(Set.of(NodeConfig.Role.WORKER))
                    .withParallelism(2)
                    .withTpch(true),
                NodeConfig.local("c")
                    .withRoles(Set.of(NodeConfig.Role.WORKER))
                    .withParallelism(2)
                    .withTpch(true)
                    .withCsv("sales", csvDirectory)));
    duckDb = TpchDuckDb.load(0.01);
    allocator = new RootAllocator();
    awaitWorkers(3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (duckDb != null) {
      duckDb.close();
    }
    if (allocator != null) {
      allocator.close();
    }
  }

  private static void awaitWorkers(int count) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      JsonNode members = get("/v1/cluster/members").body();
      int described = 0;
      for (JsonNode member : members.get("members")) {
        if (member.get("status").asText().equals("Up") && !member.get("site").isNull()) {
          described++;
        }
      }
      if (described == count) {
        return;
      }
      assertThat(System.nanoTime()).as("workers registered: " + members).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** All 22 TPC-H queries: source, broadcast and hash-join stages, partial aggregates, AVG. */
  @ParameterizedTest(name = "Q{0}")
  @ValueSource(
      ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
  void runsTpchQueriesAcrossTheSitesLikeDuckDb(int number) {
    String query = TpchQueries.query(number);
    JsonNode job = run(query, "tpch.sf0_01");
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    ResultRows actual = results(job.get("jobId").asText());
    ResultRows expected = duckDb.query(query);
    Optional<String> difference = ResultComparison.difference(query, expected, actual);
    assertThat(difference).as("Q%d differs from DuckDB", number).isEmpty();
  }

  @Test
  void joinsRunOnTheWorkersBroadcastOrHashPartitioned() {
    String explain = explainText(TpchQueries.query(3), "tpch.sf0_01");
    // customer is small: broadcast into the tasks that read orders; lineitem and that join meet
    // in a join stage, both hash-partitioned on the order key.
    assertThat(explain)
        .contains("Stage 1 on the workers, 1 task: Scan tpch.sf0_01.customer → Filter")
        .contains("sends to stage 2, broadcast to each of its 1 tasks")
        .contains(
            "Stage 2 on the workers, 1 task: Scan tpch.sf0_01.orders → Filter → Join with stage 1"
                + " (broadcast)")
        .contains("Stage 3 on the workers, 6 tasks: Join of stages 0 and 2")
        .containsPattern("sends to stage 3, hash-partitioned on columns \\[0\\] into 6 parts");
    JsonNode job = run(TpchQueries.query(3), "tpch.sf0_01");
    List<String> sites = new ArrayList<>();
    for (JsonNode stage : job.get("stages")) {
      if (stage.get("description").asText().startsWith("Join")) {
        assertThat(stage.get("tasks").asInt()).isEqualTo(6);
        stage.get("sites").forEach(site -> sites.add(site.asText()));
      }
    }
    assertThat(sites).contains("a", "b", "c");
  }

  private static String explainText(String sql, String schema) {
    String body;
    try {
      body = JSON.writeValueAsString(Map.of("sql", sql, "schema", schema));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/v1/explain"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void placesTheSplitsOfATableOnNodesOfEverySite() {
    JsonNode job = run("SELECT count(*) AS n, sum(l_quantity) AS q FROM tpch.sf0_1.lineitem", null);
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    JsonNode stage = job.get("stages").get(0);
    assertThat(stage.get("tasks").asInt()).isGreaterThanOrEqualTo(3);
    List<String> sites = new ArrayList<>();
    stage.get("sites").forEach(site -> sites.add(site.asText()));
    assertThat(sites).containsExactlyInAnyOrder("a", "b", "c");
    ResultRows actual = results(job.get("jobId").asText());
    assertThat(actual.rows().get(0).get(0)).isEqualTo(duckDbCount("sf0_1"));
  }

  private static long duckDbCount(String schema) {
    try (TpchDuckDb tenth = TpchDuckDb.load(0.1)) {
      return tenth.rowCount("lineitem");
    }
  }

  @Test
  void readsACsvCatalogOnlyOnTheNodeThatHasIt() {
    JsonNode job =
        run(
            "SELECT region, sum(amount) AS total FROM sales.orders GROUP BY region ORDER BY region",
            null);
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("stages").get(0).get("sites").toString()).isEqualTo("[\"c\"]");
    ResultRows actual = results(job.get("jobId").asText());
    List<List<Object>> expected = new ArrayList<>();
    SALES_BY_REGION.forEach((region, total) -> expected.add(List.of(region, total)));
    assertThat(actual.rows()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.rows().get(i).get(0)).isEqualTo(expected.get(i).get(0));
      assertThat((BigDecimal) actual.rows().get(i).get(1))
          .isEqualByComparingTo((BigDecimal) expected.get(i).get(1));
    }
  }

  @Test
  void explainsWhereEachStageCanRunAndWhereItRan() {
    HttpResponse<String> before =
        send(
            HttpRequest.newBuilder(uri("/v1/explain"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"sql\":\"SELECT region, count(*) FROM sales.orders GROUP BY region\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
    assertThat(before.body())
        .contains("Stage 0 on the workers, 1 task: Scan sales.orders")
        .containsPattern("can run on: \\[127\\.0\\.0\\.1:\\d+ \\(site c\\)\\]")
        .contains("Final stage on the coordinator");
    JsonNode job = run("SELECT region, count(*) FROM sales.orders GROUP BY region", null);
    String after = getText("/v1/jobs/" + job.get("jobId").asText() + "/explain");
    assertThat(after).containsPattern("Stage 0 ran on \\[127\\.0\\.0\\.1:\\d+\\] in sites \\[c\\]");
  }

  @Test
  void averagesAreSplitIntoSumsAndCountsWithTheEnginesRounding() {
    JsonNode job =
        run(
            "SELECT region, avg(amount) AS a, avg(id) AS b, count(*) AS n FROM sales.orders"
                + " GROUP BY region ORDER BY region",
            null);
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    assertThat(job.get("stages").get(0).get("description").asText()).endsWith("(partial)");
    ResultRows actual = results(job.get("jobId").asText());
    int i = 0;
    for (Map.Entry<String, BigDecimal> region : SALES_BY_REGION.entrySet()) {
      List<Object> row = actual.rows().get(i++);
      assertThat(row.get(0)).isEqualTo(region.getKey());
      assertThat(row.get(1))
          .isEqualTo(
              region
                  .getValue()
                  .divide(BigDecimal.valueOf(1250), 6, java.math.RoundingMode.HALF_UP));
      assertThat(row.get(3)).isEqualTo(1250L);
    }
    JsonNode empty =
        run("SELECT avg(amount) AS a, count(*) AS n FROM sales.orders WHERE id < 0", null);
    ResultRows none = results(empty.get("jobId").asText());
    assertThat(none.rows()).hasSize(1);
    assertThat(none.rows().get(0).get(0)).isNull();
    assertThat(none.rows().get(0).get(1)).isEqualTo(0L);
  }

  @Test
  void anUnknownTableIsRefusedNamingTheTablesThatExist() {
    HttpResponse<JsonNode> response =
        post("{\"sql\":\"SELECT count(*) FROM tpch.sf0_01.lineitems\"}");
    assertThat(response.statusCode()).isIn(400, 404);
    String message = response.body().get("error").get("message").asText();
    assertThat(message).contains("lineitems").contains("lineitem");
  }

  @Test
  void aMalformedCsvRowFailsTheJobNamingTheFileAndRow() {
    JsonNode job = run("SELECT sum(amount) FROM sales.broken", null);
    assertThat(job.get("status").asText()).isEqualTo("FAILED");
    assertThat(job.get("error").get("code").asText()).isEqualTo("MALFORMED_INPUT");
    assertThat(job.get("error").get("message").asText()).contains("broken.csv:1502");
    // The cluster keeps serving other jobs.
    assertThat(run("SELECT count(*) FROM tpch.tiny.nation", null).get("status").asText())
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void theResultsOfAJobComeAsCsvToo() {
    JsonNode job =
        run("SELECT n_name FROM tpch.tiny.nation WHERE n_regionkey = 0 ORDER BY n_name", null);
    String csv = getText("/v1/jobs/" + job.get("jobId").asText() + "/results?format=csv");
    assertThat(csv.replace("\r\n", "\n"))
        .isEqualTo("n_name\nALGERIA\nETHIOPIA\nKENYA\nMOROCCO\nMOZAMBIQUE\n");
  }

  // ---- HTTP

  private static JsonNode run(String sql, String schema) {
    String body;
    try {
      body =
          JSON.writeValueAsString(
              schema == null ? Map.of("sql", sql) : Map.of("sql", sql, "schema", schema));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<JsonNode> submitted = post(body);
    assertThat(submitted.statusCode()).as(submitted.body().toString()).isEqualTo(202);
    String jobId = submitted.body().get("jobId").asText();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      JsonNode job = get("/v1/jobs/" + jobId + "?waitMillis=10000").body();
      String status = job.get("status").asText();
      if (!status.equals("RUNNING") && !status.equals("QUEUED")) {
        return job;
      }
      assertThat(System.nanoTime()).as("job still running: " + job).isLessThan(deadline);
    }
  }

  private static ResultRows results(String jobId) {
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(uri("/v1/jobs/" + jobId + "/results")).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    ResultCodec.Decoded decoded = ResultCodec.decode(response.body(), allocator);
    return new ResultRows(decoded.schema().names(), decoded.rows());
  }

  private static HttpResponse<JsonNode> post(String json) {
    return asJson(
        send(
            HttpRequest.newBuilder(uri("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  private static HttpResponse<JsonNode> get(String path) {
    return asJson(
        send(
            HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static String getText(String path) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static URI uri(String path) {
    return URI.create(cluster.httpUri() + path);
  }

  private static <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return HTTP.send(request, handler);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<JsonNode> asJson(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Not JSON: " + response.body(), e);
    }
    return new JsonResponse(response, body);
  }

  private record JsonResponse(HttpResponse<String> response, JsonNode body)
      implements HttpResponse<JsonNode> {
    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public HttpRequest request() {
      return response.request();
    }

    @Override
    public Optional<HttpResponse<JsonNode>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return response.headers();
    }

    @Override
    public URI uri() {
      return response.uri();
    }

    @Override
    public HttpClient.Version version() {
      return response.version();
    }

    @Override
    public Optional<javax.net.ssl.SSLSession> sslSession() {
      return response.sslSession();
    }
  }
}
