package dev.locus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.Source;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.source.tpch.TpchSource;
import io.trino.tpch.Nation;
import io.trino.tpch.NationGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code Locus.connect} through {@link HttpClusterConnector}, against the fake coordinator. */
class LocusConnectTest {
  private static final String CATALOGS =
      "{\"catalogs\":[{\"name\":\"tpch\",\"kind\":\"tpch\",\"nodes\":[\"127.0.0.1:25520\"],"
          + "\"sites\":[\"a\"]},{\"name\":\"sales\",\"kind\":\"jdbc\",\"nodes\":[\"127.0.0.1:25521\"],"
          + "\"sites\":[\"b\"]}]}";

  private final FakeCoordinator fake =
      new FakeCoordinator("s3cret")
          .withCatalogsJson(CATALOGS)
          .runJobsWith(FakeCoordinator.localRunner(LocusConnectTest::readTpchLocally));

  LocusConnectTest() {
    for (String table : TpchSource.tableNames()) {
      Source source = TpchSource.table(table, 0.01);
      fake.withTable(
          new RemoteTableSource(
              List.of("tpch", "tiny", table),
              source.schema(),
              source.estimatedRows(),
              source.uniqueKeys(),
              2));
    }
  }

  @AfterEach
  void close() {
    fake.close();
  }

  /** What the cluster's workers do with a remote table: read the real source. */
  private static LogicalPlan readTpchLocally(LogicalPlan plan) {
    if (plan instanceof Scan scan && scan.source() instanceof RemoteTableSource remote) {
      return new Scan(TpchSource.table(remote.path().get(2), 0.01), scan.columns());
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(readTpchLocally(input));
    }
    return plan.withInputs(inputs);
  }

  private static List<String> namesOfAmerica() {
    return StreamSupport.stream(new NationGenerator().spliterator(), false)
        .filter(nation -> nation.getRegionKey() == 1)
        .map(Nation::getName)
        .sorted()
        .toList();
  }

  @Test
  void sqlOverTheClustersTpchCatalogRunsOnTheCluster() {
    try (Locus locus = Locus.connect(fake.url(), "s3cret")) {
      List<Row> rows =
          locus
              .sql("SELECT n_name FROM tpch.tiny.nation WHERE n_regionkey = 1 ORDER BY n_name")
              .collect();

      assertThat(rows).extracting(row -> row.getString("n_name")).isEqualTo(namesOfAmerica());
      assertThat(fake.jobs()).hasSize(1);
      assertThat(locus.executor()).isInstanceOf(ClusterExecutor.class);
    }
  }

  @Test
  void registersOneRemoteCatalogPerClusterCatalog() {
    try (Locus locus = Locus.connect(fake.url(), "s3cret")) {
      Catalog catalogs = locus.catalog();
      Catalog tiny = catalogs.schema("tpch").flatMap(tpch -> tpch.schema("TINY")).orElseThrow();

      assertThat(catalogs.schemaNames()).containsExactlyInAnyOrder("tpch", "sales");
      assertThat(tiny.tableNames()).containsExactlyInAnyOrderElementsOf(TpchSource.tableNames());
      assertThat(tiny.table("region").orElseThrow().schema())
          .isEqualTo(TpchSource.table("region", 0.01).schema());
      assertThat(tiny.table("nowhere")).isEmpty();
      Catalog sales = catalogs.schema("sales").orElseThrow();
      assertThat(sales.schemaNames()).isEmpty();
      assertThat(sales.tableNames()).isEmpty();
      assertThat(sales.table("orders")).isEmpty();
      assertThat(fake.requests()).anyMatch(request -> "path=sales".equals(request.query()));
    }
  }

  @Test
  void connectingWithoutTheTokenFailsAtOnce() {
    assertThatThrownBy(() -> Locus.connect(fake.url()))
        .isInstanceOf(LocusException.class)
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @Test
  void connectWithoutArgumentsReadsTheSystemProperties() {
    System.setProperty("locus.cluster.url", fake.url());
    System.setProperty("locus.cluster.token", "s3cret");
    try (Locus locus = Locus.connect()) {
      assertThat(locus.catalog().schemaNames()).contains("tpch");
    } finally {
      System.clearProperty("locus.cluster.url");
      System.clearProperty("locus.cluster.token");
    }
  }

  @Test
  void connectWithoutArgumentsNeedsTheUrlProperty() {
    assertThatThrownBy(Locus::connect)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Locus.connect() needs the system property locus.cluster.url (for example"
                + " -Dlocus.cluster.url=http://coordinator:8080, which bin/locus submit sets);"
                + " it is not set")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
