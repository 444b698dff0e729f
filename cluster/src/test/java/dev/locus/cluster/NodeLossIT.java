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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A worker leaves while a join query runs on it: its tasks (scans and join tasks, whose inputs are
 * sent again) run elsewhere and the answer still equals DuckDB's.
 */
class NodeLossIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aJoinQueryOutlivesAWorkerThatLeavesWhileItRuns() throws Exception {
    NodeConfig worker =
        NodeConfig.local("b")
            .withRoles(Set.of(NodeConfig.Role.WORKER))
            .withParallelism(2)
            .withTpch(true);
    try (EmbeddedCluster cluster =
            EmbeddedCluster.start(
                List.of(
                    NodeConfig.local("a").withParallelism(2).withTpch(true),
                    worker,
                    worker.withRoles(Set.of(NodeConfig.Role.WORKER))));
        TpchDuckDb duckDb = TpchDuckDb.load(0.1);
        RootAllocator allocator = new RootAllocator()) {
      URI base = cluster.httpUri();
      awaitWorkers(base, 3);
      String query = TpchQueries.query(3);
      String leaving = cluster.node(2).clusterAddress();
      HttpResponse<String> submitted =
          http.send(
              HttpRequest.newBuilder(base.resolve("/v1/jobs"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(Map.of("sql", query, "schema", "tpch.sf0_1"))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      String jobId = JSON.readTree(submitted.body()).get("jobId").asText();
      // Leave once the job has tasks on the node.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!job(base, jobId, 0).toString().contains(leaving)) {
        assertThat(System.nanoTime()).as("tasks placed on " + leaving).isLessThan(deadline);
        Thread.onSpinWait();
      }
      cluster.node(2).close();
      JsonNode job = job(base, jobId, 0);
      while (job.get("status").asText().equals("RUNNING")) {
        job = job(base, jobId, 10_000);
        assertThat(System.nanoTime()).as("job ends: " + job).isLessThan(deadline + 60_000_000_000L);
      }
      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
      byte[] arrow =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/results")).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      ResultCodec.Decoded decoded = ResultCodec.decode(arrow, allocator);
      ResultRows actual = new ResultRows(decoded.schema().names(), decoded.rows());
      assertThat(ResultComparison.difference(query, duckDb.query(query), actual)).isEmpty();
    }
  }

  private JsonNode job(URI base, String jobId, long waitMillis)
      throws IOException, InterruptedException {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(
                        base.resolve("/v1/jobs/" + jobId + "?waitMillis=" + waitMillis))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private void awaitWorkers(URI base, int count) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      JsonNode members =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/v1/cluster/members")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      int described = 0;
      for (JsonNode member : members.get("members")) {
        described += member.get("site").isNull() ? 0 : 1;
      }
      if (described == count) {
        return;
      }
      assertThat(System.nanoTime()).as("workers registered").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
