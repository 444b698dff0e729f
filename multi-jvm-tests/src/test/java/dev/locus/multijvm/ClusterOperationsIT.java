package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Running a cluster: jobs at the same time, cancelling, a worker leaving and coming back, and the
 * shared-secret token. Every node serves {@code tpch}.
 */
class ClusterOperationsIT {
  private static final String TOKEN = "multi-jvm-secret";
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  private static final String HEAVY = HeavyQuery.SQL;

  private static final String SMALL =
      "SELECT n_regionkey, count(*) AS nations, min(n_name) AS first_name"
          + " FROM tpch.sf0_01.nation GROUP BY n_regionkey";

  @RegisterExtension
  static final MultiJvmClusterExtension CLUSTER =
      new MultiJvmClusterExtension(
          () ->
              MultiJvmCluster.builder()
                  .token(TOKEN)
                  .node(NodeSpec.coordinator("a").withTpch())
                  .node(NodeSpec.worker("b").withTpch())
                  .node(NodeSpec.worker("c").withTpch()));

  private static LocalOracle oracle;

  @BeforeAll
  static void openOracle() {
    oracle = new LocalOracle().withTpch();
  }

  @AfterAll
  static void closeOracle() {
    if (oracle != null) {
      oracle.close();
    }
  }

  /** TPC-H query {@code number} over {@code tpch.sf0_01}. */
  private static String tpch(int number) {
    return TpchCsvFiles.overTpchCatalog(number, "sf0_01");
  }

  private static void assertSucceedsWithTheRightRows(ClusterHttp http, String sql) {
    String jobId = http.submitSql(sql);
    ClusterHttp.JobStatus end = http.awaitEnd(jobId, JOB_TIMEOUT);
    assertThat(end.status()).as("status: %s", end.json()).isEqualTo("SUCCEEDED");
    ClusterResults.assertSameRows(sql, oracle.run(sql), http.resultsCsv(jobId));
  }

  @Test
  void runsTwoJobsAtOnceAndBothAreRight() {
    ClusterHttp http = CLUSTER.cluster().http();
    String first = tpch(1);
    String second = tpch(10);

    String firstId = http.submitSql(first);
    String secondId = http.submitSql(second);
    List<String> listed = listedJobIds(http);
    ClusterHttp.JobStatus firstEnd = http.awaitEnd(firstId, JOB_TIMEOUT);
    ClusterHttp.JobStatus secondEnd = http.awaitEnd(secondId, JOB_TIMEOUT);

    assertThat(firstId).isNotEqualTo(secondId);
    assertThat(listed).contains(firstId, secondId);
    assertThat(firstEnd.status()).as("first: %s", firstEnd.json()).isEqualTo("SUCCEEDED");
    assertThat(secondEnd.status()).as("second: %s", secondEnd.json()).isEqualTo("SUCCEEDED");
    ClusterResults.assertSameRows(first, oracle.run(first), http.resultsCsv(firstId));
    ClusterResults.assertSameRows(second, oracle.run(second), http.resultsCsv(secondId));
  }

  @Test
  void cancelsARunningJobAndKeepsServing() {
    ClusterHttp http = CLUSTER.cluster().http();
    String jobId = http.submitSql(HEAVY);
    http.awaitStatus(
        jobId,
        "running tasks",
        status -> status.stages().stream().anyMatch(stage -> stage.running() > 0),
        JOB_TIMEOUT);

    ClusterHttp.Answer cancel = http.cancel(jobId).expect(200, "Cancelling " + jobId);
    ClusterHttp.JobStatus end = http.awaitEnd(jobId, JOB_TIMEOUT);

    assertThat(cancel.json().path("jobId").asText()).isEqualTo(jobId);
    assertThat(cancel.json().path("status").asText()).isEqualTo("CANCELLED");
    assertThat(end.status()).as("status: %s", end.json()).isEqualTo("CANCELLED");
    ClusterHttp.Answer results = http.results(jobId, "csv");
    assertThat(results.status()).as(results.body()).isEqualTo(409);
    assertThat(results.errorCode()).isEqualTo("JOB_CANCELLED");
    // Its resources are freed: nothing runs any more.
    Await.until(
        "no running job in the metrics",
        JOB_TIMEOUT,
        () -> http.metric("locus_jobs_running").filter(running -> running == 0.0),
        () -> "locus_jobs_running " + http.metric("locus_jobs_running"));
    assertSucceedsWithTheRightRows(http, SMALL);
  }

  @Test
  void workerLeavingGracefullyAndRejoiningShowsInTheMembersAndJobsStillRun() {
    MultiJvmCluster cluster = CLUSTER.cluster();
    ClusterHttp http = cluster.http();

    cluster.stop(2);
    cluster.awaitMemberGone(2);
    List<ClusterHttp.Member> twoLeft = http.members();
    assertThat(twoLeft)
        .extracting(ClusterHttp.Member::address)
        .containsExactlyInAnyOrder(cluster.address(0), cluster.address(1));
    assertThat(twoLeft).allMatch(ClusterHttp.Member::upAndReachable);
    assertSucceedsWithTheRightRows(http, tpch(3));

    cluster.restart(2);
    List<ClusterHttp.Member> allBack = http.members();
    assertThat(allBack)
        .filteredOn(member -> member.address().equals(cluster.address(2)))
        .singleElement()
        .satisfies(
            member -> {
              assertThat(member.status()).isEqualTo("Up");
              assertThat(member.site()).isEqualTo("c");
              assertThat(member.catalogs()).contains("tpch");
            });
    assertSucceedsWithTheRightRows(http, tpch(3));
  }

  @Test
  void submittingNeedsTheToken() {
    ClusterHttp http = CLUSTER.cluster().http();

    ClusterHttp.Answer without = http.submitSql(SMALL, null);
    ClusterHttp.Answer wrong = http.submitSql(SMALL, "not-" + TOKEN);
    ClusterHttp.Answer listing = http.withoutToken().jobs();
    ClusterHttp.Answer with = http.submitSql(SMALL, TOKEN);

    assertThat(without.status()).as(without.body()).isEqualTo(401);
    assertThat(without.errorCode()).isEqualTo("UNAUTHORIZED");
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("UNAUTHORIZED");
    assertThat(listing.status()).as(listing.body()).isEqualTo(401);
    assertThat(with.status()).as(with.body()).isEqualTo(202);
    String jobId = with.json().path("jobId").asText();
    assertThat(http.awaitEnd(jobId, JOB_TIMEOUT).status()).isEqualTo("SUCCEEDED");
    ClusterResults.assertSameRows(SMALL, oracle.run(SMALL), http.resultsCsv(jobId));
  }

  private static List<String> listedJobIds(ClusterHttp http) {
    List<String> ids = new ArrayList<>();
    http.jobs()
        .expect(200, "Jobs")
        .json()
        .path("jobs")
        .forEach(job -> ids.add(job.path("jobId").asText()));
    return ids;
  }
}
