package dev.locus.sql;

import static dev.locus.core.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Row;
import dev.locus.core.api.Table;
import dev.locus.core.source.tpch.TpchCatalog;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import dev.locus.sql.tpch.TpchDuckDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's SQL example, as written there, against DuckDB on the same rows. */
class ReadmeSqlExampleIT {
  @Test
  void sqlTableCombinesWithTheTableApi() {
    List<Row> rows;
    // From README.md, section "SQL".
    try (Locus locus = Locus.local()) {
      locus.registerCatalog("tpch", TpchCatalog.schemas());
      locus.register("orders", TpchSource.table("orders", 0.01));
      Table late =
          locus.sql(
              "SELECT o_orderpriority, count(*) AS n FROM orders"
                  + " WHERE o_orderdate >= DATE '1995-01-01' GROUP BY o_orderpriority");
      rows = late.filter(col("n").gt(100)).collect();
    }
    List<List<Object>> values = new ArrayList<>();
    for (Row row : rows) {
      values.add(row.values());
    }
    try (TpchDuckDb duckDb = TpchDuckDb.load(0.01)) {
      String query =
          "SELECT o_orderpriority, count(*) AS n FROM orders WHERE o_orderdate >= DATE"
              + " '1995-01-01' GROUP BY o_orderpriority HAVING count(*) > 100";
      ResultRows expected = duckDb.query(query);
      assertThat(expected.rows()).isNotEmpty();
      assertThat(
              ResultComparison.difference(
                  query, expected, new ResultRows(List.of("o_orderpriority", "n"), values)))
          .isEmpty();
    }
  }
}
