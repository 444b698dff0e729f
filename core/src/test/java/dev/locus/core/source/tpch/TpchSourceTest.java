package dev.locus.core.source.tpch;

import static dev.locus.core.source.SourceReads.readAll;
import static dev.locus.core.source.SourceReads.readSplit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Decimals;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import io.trino.tpch.Customer;
import io.trino.tpch.LineItem;
import io.trino.tpch.Order;
import io.trino.tpch.Part;
import io.trino.tpch.PartSupplier;
import io.trino.tpch.Supplier;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TpchSourceTest {
  private static final double SF = 0.01;

  private final RootAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  @ParameterizedTest
  @CsvSource({
    "nation, 25",
    "region, 5",
    "part, 2000",
    "supplier, 100",
    "partsupp, 8000",
    "customer, 1500",
    "orders, 15000",
    "lineitem, 60175"
  })
  void generatesTheDbgenRowCounts(String table, long rows) {
    TpchSource source = TpchSource.table(table, SF);

    long count = 0;
    for (SourceSplit split : source.splits(1)) {
      try (BatchReader reader = split.open(allocator, List.of(0), 10_000)) {
        for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
          try (VectorSchemaRoot owned = batch) {
            assertThat(batch.getRowCount()).isBetween(1, 10_000);
            count += batch.getRowCount();
          }
        }
      }
    }

    assertThat(count).isEqualTo(rows);
    assertThat(source.estimatedRows()).isBetween(rows * 9 / 10, rows * 11 / 10);
  }

  /** Every value of every row, formatted as dbgen's .tbl lines and compared with the generator. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "nation",
        "region",
        "part",
        "supplier",
        "partsupp",
        "customer",
        "orders",
        "lineitem"
      })
  void everyValueMatchesTheGeneratorsTblLines(String table) {
    TpchSource source = TpchSource.table(table, SF);
    List<String> expected = new ArrayList<>();
    for (TpchEntity entity : TpchTable.getTable(table).createGenerator(SF, 1, 1)) {
      expected.add(entity.toLine());
    }

    List<List<Object>> rows = readAll(source, 1, allocator);

    List<String> actual = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      StringJoiner line = new StringJoiner("|", "", "|");
      for (int column = 0; column < row.size(); column++) {
        Object value = row.get(column);
        if (source.schema().field(column).name().equals("l_quantity")) {
          // dbgen writes the quantity as a whole number
          value = ((BigDecimal) value).toBigIntegerExact();
        } else if (value instanceof BigDecimal decimal) {
          value = decimal.toPlainString();
        }
        line.add(String.valueOf(value));
      }
      actual.add(line.toString());
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void moneyAggregatesMatchTheGeneratorComputedWithBigDecimal() {
    assertMoneySum("lineitem", "l_extendedprice", e -> ((LineItem) e).getExtendedPrice());
    assertMoneySum("lineitem", "l_discount", e -> ((LineItem) e).getDiscount());
    assertMoneySum("lineitem", "l_tax", e -> ((LineItem) e).getTax());
    assertMoneySum("lineitem", "l_quantity", e -> ((LineItem) e).getQuantity());
    assertMoneySum("orders", "o_totalprice", e -> ((Order) e).getTotalPrice());
    assertMoneySum("customer", "c_acctbal", e -> ((Customer) e).getAccountBalance());
    assertMoneySum("supplier", "s_acctbal", e -> ((Supplier) e).getAccountBalance());
    assertMoneySum("part", "p_retailprice", e -> ((Part) e).getRetailPrice());
    assertMoneySum("partsupp", "ps_supplycost", e -> ((PartSupplier) e).getSupplyCost());
  }

  private void assertMoneySum(String table, String column, ToDoubleFunction<TpchEntity> value) {
    BigDecimal expected = BigDecimal.ZERO.setScale(2);
    for (TpchEntity entity : TpchTable.getTable(table).createGenerator(SF, 1, 1)) {
      expected = expected.add(BigDecimal.valueOf(value.applyAsDouble(entity)).setScale(2));
    }
    TpchSource source = TpchSource.table(table, SF);
    int index = source.schema().indexOf(column, "test");

    long sum = 0;
    for (SourceSplit split : source.splits(3)) {
      try (BatchReader reader = split.open(allocator, List.of(index), 4096)) {
        for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
          try (VectorSchemaRoot owned = batch) {
            DecimalVector vector = (DecimalVector) batch.getVector(0);
            for (int row = 0; row < batch.getRowCount(); row++) {
              sum += Decimals.getUnscaled(vector, row);
            }
          }
        }
      }
    }

    assertThat(BigDecimal.valueOf(sum, 2)).as(column).isEqualTo(expected);
  }

  @Test
  void countsReturnFlagsLikeTheGenerator() {
    long expected = 0;
    for (LineItem item : TpchTable.LINE_ITEM.createGenerator(SF, 1, 1)) {
      if (item.getReturnFlag().equals("R")) {
        expected++;
      }
    }
    TpchSource source = TpchSource.table("lineitem", SF);
    int returnFlag = source.schema().indexOf("l_returnflag", "test");

    long count = 0;
    for (SourceSplit split : source.splits(4)) {
      try (BatchReader reader = split.open(allocator, List.of(returnFlag), 1000)) {
        for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
          try (VectorSchemaRoot owned = batch) {
            VarCharVector flags = (VarCharVector) batch.getVector(0);
            for (int row = 0; row < batch.getRowCount(); row++) {
              byte[] flag = flags.get(row);
              if (flag.length == 1 && flag[0] == 'R') {
                count++;
              }
            }
          }
        }
      }
    }

    assertThat(count).isEqualTo(expected).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lineitem", "orders", "partsupp", "nation"})
  void splitsTogetherHoldExactlyTheRowsOfOneSplit(String table) {
    TpchSource source = TpchSource.table(table, SF);

    List<List<Object>> whole = readAll(source, 1, allocator);
    List<List<Object>> parts = readAll(source, 4, allocator);

    assertThat(parts).isEqualTo(whole);
    if (!table.equals("nation")) {
      assertThat(source.splits(4)).hasSize(4);
    }
  }

  @Test
  void readsTheRequestedColumnsInTheRequestedOrder() {
    TpchSource source = TpchSource.table("lineitem", SF);
    List<List<Object>> all = readAll(source, 1, allocator);

    SourceSplit split = source.splits(1).get(0);
    try (BatchReader reader = split.open(allocator, List.of(5, 0, 5), 777);
        VectorSchemaRoot batch = reader.next()) {
      assertThat(Schema.fromArrow(batch.getSchema()))
          .isEqualTo(
              Schema.of(
                  Field.notNull("l_extendedprice", DataType.decimal(15, 2)),
                  Field.notNull("l_orderkey", DataType.BIGINT),
                  Field.notNull("l_extendedprice", DataType.decimal(15, 2))));
      assertThat(batch.getRowCount()).isEqualTo(777);
    }
    List<List<Object>> projected = readSplit(split, List.of(5, 0), allocator, 777);
    assertThat(projected)
        .isEqualTo(all.stream().map(row -> List.of(row.get(5), row.get(0))).toList());
  }

  @Test
  void hasTheStandardSchema() {
    Schema lineitem = TpchSource.table("LineItem", SF).schema();

    assertThat(lineitem.names())
        .containsExactly(
            "l_orderkey",
            "l_partkey",
            "l_suppkey",
            "l_linenumber",
            "l_quantity",
            "l_extendedprice",
            "l_discount",
            "l_tax",
            "l_returnflag",
            "l_linestatus",
            "l_shipdate",
            "l_commitdate",
            "l_receiptdate",
            "l_shipinstruct",
            "l_shipmode",
            "l_comment");
    assertThat(IntStream.range(0, lineitem.size()).mapToObj(lineitem::type).toList())
        .containsExactly(
            DataType.BIGINT,
            DataType.BIGINT,
            DataType.BIGINT,
            DataType.INT,
            DataType.decimal(15, 2),
            DataType.decimal(15, 2),
            DataType.decimal(15, 2),
            DataType.decimal(15, 2),
            DataType.VARCHAR,
            DataType.VARCHAR,
            DataType.DATE,
            DataType.DATE,
            DataType.DATE,
            DataType.VARCHAR,
            DataType.VARCHAR,
            DataType.VARCHAR);
    assertThat(lineitem.fields()).noneMatch(Field::nullable);
    assertThat(TpchSource.table("customer", SF).schema().field(3))
        .isEqualTo(Field.notNull("c_nationkey", DataType.BIGINT));
    assertThat(TpchSource.table("partsupp", SF).schema().field(2))
        .isEqualTo(Field.notNull("ps_availqty", DataType.INT));
  }

  @Test
  void namesTheTableAndScaleFactor() {
    assertThat(TpchSource.table("lineitem", 0.01).name()).isEqualTo("tpch:lineitem(sf=0.01)");
    assertThat(TpchSource.table("orders", 1).name()).isEqualTo("tpch:orders(sf=1)");
    assertThat(TpchSource.table("orders", 10).name()).isEqualTo("tpch:orders(sf=10)");
    assertThat(TpchSource.table("orders", 1).splits(2).get(1).describe())
        .isEqualTo("tpch:orders(sf=1) part 2 of 2");
    assertThat(TpchSource.tableNames())
        .containsExactly(
            "nation", "region", "part", "supplier", "partsupp", "customer", "orders", "lineitem");
  }

  @Test
  void rejectsUnknownTablesListingTheTables() {
    assertThatThrownBy(() -> TpchSource.table("lineitems", SF))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Unknown TPC-H table 'lineitems'; available tables: "
                + "[nation, region, part, supplier, partsupp, customer, orders, lineitem]")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void rejectsNonPositiveScaleFactors() {
    assertThatThrownBy(() -> TpchSource.table("orders", 0))
        .isInstanceOf(LocusException.class)
        .hasMessage("TPC-H scale factor must be a positive number; found 0.0");
  }
}
