package dev.locus.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchQueries;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data and oracle side of {@link TpchClusterIT} without a cluster: TPC-H written as CSV into
 * per-catalog directories and queried with qualified names gives the generator's answers.
 */
class TpchCsvFilesIT {
  @TempDir Path directory;

  @Test
  void qualifiesTableNamesOnlyAndDropsComments() {
    String qualified =
        TpchCsvFiles.qualify(
            "-- Q: Local Supplier Volume of part\nselect p_partkey from part, partsupp\n"
                + "where p_partkey = ps_partkey",
            Map.of("part", "supply", "partsupp", "supply"));

    assertThat(qualified)
        .isEqualTo(
            "select p_partkey from supply.part, supply.partsupp\nwhere p_partkey = ps_partkey");
    assertThatThrownBy(() -> TpchCsvFiles.qualify("select * from nation", Map.of()))
        .hasMessage("No catalog holds table nation; catalogs by table: {}");
  }

  @Test
  void tpchOverCsvCatalogsEqualsTpchOverTheGenerator() {
    Path sales = directory.resolve("sales");
    Path crm = directory.resolve("crm");
    TpchCsvFiles.write(
        0.01, Map.of(sales, List.of("lineitem", "orders"), crm, List.of("customer", "nation")));
    String overCsv =
        TpchCsvFiles.qualify(
            TpchQueries.query(10),
            Map.of("lineitem", "sales", "orders", "sales", "customer", "crm", "nation", "crm"));
    String overGenerator =
        TpchCsvFiles.qualify(
            TpchQueries.query(10),
            Map.of(
                "lineitem",
                "tpch.sf0_01",
                "orders",
                "tpch.sf0_01",
                "customer",
                "tpch.sf0_01",
                "nation",
                "tpch.sf0_01"));

    try (LocalOracle csv = new LocalOracle().withCsvCatalogs(Map.of("sales", sales, "crm", crm));
        LocalOracle generator = new LocalOracle().withTpch()) {
      ResultRows expected = ResultRows.of(generator.run(overGenerator));
      ResultRows actual = ResultRows.of(csv.run(overCsv));

      assertThat(expected.size()).isEqualTo(20);
      assertThat(ResultComparison.difference(overCsv, expected, actual)).isEmpty();
    }
  }
}
