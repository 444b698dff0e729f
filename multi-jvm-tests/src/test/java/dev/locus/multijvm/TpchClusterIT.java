package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.execution.QueryResult;
import dev.locus.sql.tpch.TpchQueries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TPC-H on a 3-node cluster whose data is split across three sites, each table readable by one node
 * only (as CSV files in that node's directory); the answers must equal the single-JVM ones over the
 * same files.
 *
 * <pre>
 * node-0  coordinator+worker  site a  catalog sales   lineitem, orders
 * node-1  worker              site b  catalog crm     customer, nation, region
 * node-2  worker              site c  catalog supply  supplier, part, partsupp
 * </pre>
 */
class TpchClusterIT {
  private static final double SCALE_FACTOR = 0.01;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  private static final Path DATA =
      MultiJvmClusterExtension.workDirectory(TpchClusterIT.class).resolve("data-sf0_01");

  /** Catalog → its site and tables. */
  private static final Map<String, Site> CATALOGS = new LinkedHashMap<>();

  private record Site(String site, List<String> tables) {}

  static {
    CATALOGS.put("sales", new Site("a", List.of("lineitem", "orders")));
    CATALOGS.put("crm", new Site("b", List.of("customer", "nation", "region")));
    CATALOGS.put("supply", new Site("c", List.of("supplier", "part", "partsupp")));
  }

  @RegisterExtension
  static final MultiJvmClusterExtension CLUSTER =
      new MultiJvmClusterExtension(
          () -> {
            Map<Path, List<String>> layout = new LinkedHashMap<>();
            CATALOGS.forEach((catalog, site) -> layout.put(directory(catalog), site.tables()));
            TpchCsvFiles.write(SCALE_FACTOR, layout);
            return MultiJvmCluster.builder()
                .node(NodeSpec.coordinator("a").withCsv("sales", directory("sales")))
                .node(NodeSpec.worker("b").withCsv("crm", directory("crm")))
                .node(NodeSpec.worker("c").withCsv("supply", directory("supply")));
          });

  private static LocalOracle oracle;

  @BeforeAll
  static void openOracle() {
    Map<String, Path> directories = new LinkedHashMap<>();
    CATALOGS.keySet().forEach(catalog -> directories.put(catalog, directory(catalog)));
    oracle = new LocalOracle().withCsvCatalogs(directories);
  }

  @AfterAll
  static void closeOracle() {
    if (oracle != null) {
      oracle.close();
    }
  }

  private static Path directory(String catalog) {
    return DATA.resolve(catalog).toAbsolutePath();
  }

  private static Map<String, String> catalogOfTable() {
    Map<String, String> catalogOf = new LinkedHashMap<>();
    CATALOGS.forEach((catalog, site) -> site.tables().forEach(t -> catalogOf.put(t, catalog)));
    return catalogOf;
  }

  @ParameterizedTest(name = "Q{0}")
  @ValueSource(ints = {3, 5, 10})
  void tpchQueryOverThreeSitesEqualsTheSingleJvmResult(int number) {
    String sql = TpchCsvFiles.qualify(TpchQueries.query(number), catalogOfTable());
    QueryResult expected = oracle.run(sql);
    assertThat(expected.rows()).as("the oracle's rows of Q%d", number).isNotEmpty();
    ClusterHttp http = CLUSTER.cluster().http();

    String jobId = http.submitSql(sql);
    ClusterHttp.JobStatus end = http.awaitEnd(jobId, JOB_TIMEOUT);

    assertThat(end.status()).as("status of Q%d: %s", number, end.json()).isEqualTo("SUCCEEDED");
    ClusterResults.assertSameRows(sql, expected, http.resultsCsv(jobId));
    // Each scan ran on the one site that can read its table.
    CATALOGS.forEach(
        (catalog, site) -> {
          List<ClusterHttp.StageStatus> scans =
              end.stages().stream()
                  .filter(stage -> stage.description().contains(catalog + "."))
                  .toList();
          if (site.tables().stream().anyMatch(table -> sql.contains(catalog + "." + table))) {
            assertThat(scans).as("stages scanning %s in %s", catalog, end.json()).isNotEmpty();
          }
          for (ClusterHttp.StageStatus scan : scans) {
            assertThat(scan.sites())
                .as("sites of stage '%s'", scan.description())
                .containsExactly(site.site());
          }
        });
  }

  @Test
  void membersShowEachNodesSiteAndCatalog() {
    MultiJvmCluster cluster = CLUSTER.cluster();

    List<ClusterHttp.Member> members = cluster.http().members();

    assertThat(members).hasSize(3).allMatch(ClusterHttp.Member::upAndReachable);
    int index = 0;
    for (Map.Entry<String, Site> catalog : CATALOGS.entrySet()) {
      String address = cluster.address(index);
      ClusterHttp.Member member =
          members.stream().filter(m -> m.address().equals(address)).findFirst().orElseThrow();
      assertThat(member.site()).as("site of %s", address).isEqualTo(catalog.getValue().site());
      assertThat(member.catalogs()).as("catalogs of %s", address).containsExactly(catalog.getKey());
      assertThat(member.roles())
          .as("roles of %s", address)
          .containsExactlyInAnyOrderElementsOf(cluster.spec(index).roles());
      if (index == 0) {
        assertThat(member.http()).isEqualTo(cluster.http().base().toString());
      }
      index++;
    }
  }
}
