package dev.locus.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.cluster.EmbeddedCluster;
import dev.locus.cluster.NodeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Submit-to-result latency of a small query on a warm three-node cluster (sites a, b, c; every node
 * serves tpch), as a client sees it over HTTP: submit the SQL, long-poll the job until it ends,
 * fetch the Arrow result. The nodes share this JVM but talk as separate machines would: Artery and
 * the data plane over TCP on loopback, HTTP to the coordinator. Sample mode reports p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
    })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ClusterLatencyBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({
    "SELECT n_name FROM tpch.tiny.nation WHERE n_regionkey = 1",
    "SELECT o_orderpriority, count(*) FROM tpch.tiny.orders GROUP BY o_orderpriority"
  })
  public String query;

  private EmbeddedCluster cluster;
  private HttpClient http;
  private String body;

  @Setup(Level.Trial)
  public void startCluster() throws IOException {
    NodeConfig worker =
        NodeConfig.local("b").withRoles(Set.of(NodeConfig.Role.WORKER)).withTpch(true);
    cluster =
        EmbeddedCluster.start(
            List.of(
                NodeConfig.local("a").withTpch(true),
                worker,
                NodeConfig.local("c").withRoles(Set.of(NodeConfig.Role.WORKER)).withTpch(true)),
            true);
    http = HttpClient.newHttpClient();
    body = JSON.writeValueAsString(java.util.Map.of("sql", query));
  }

  @TearDown(Level.Trial)
  public void stopCluster() {
    cluster.close();
  }

  @Benchmark
  public byte[] submitToResult() throws IOException, InterruptedException {
    URI base = cluster.httpUri();
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String jobId = JSON.readTree(submitted.body()).get("jobId").asText();
    while (true) {
      JsonNode job =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(
                              base.resolve("/v1/jobs/" + jobId + "?waitMillis=10000"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      String status = job.get("status").asText();
      if (status.equals("SUCCEEDED")) {
        break;
      }
      if (!status.equals("RUNNING") && !status.equals("QUEUED")) {
        throw new IllegalStateException("Job failed: " + job);
      }
    }
    return http.send(
            HttpRequest.newBuilder(base.resolve("/v1/jobs/" + jobId + "/results")).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }
}
