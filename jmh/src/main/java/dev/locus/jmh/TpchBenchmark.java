package dev.locus.jmh;

import dev.locus.core.api.Locus;
import dev.locus.core.api.Table;
import dev.locus.core.batch.Batches;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.scheduler.tpch.TpchQueries;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
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
 * TPC-H Q1 and Q6 end to end through {@link TpchQueries} on {@code Locus.local()}, next to a
 * hand-written Java loop over the same Arrow columns computing the same answer: the physical
 * reference. Report {@code q1Locus / q1Loop}; the loop runs on one thread, so {@code
 * q1LocusOneThread / q1Loop} is the per-core ratio.
 *
 * <p>The lineitem columns the two queries read are generated once per trial into an {@link
 * ArrowMemorySource}, so neither side pays for generating rows: Locus scans zero-copy views of the
 * stored batches, the loop reads the stored vectors directly. Setup checks once that Locus and the
 * loop give the same answer, exactly (it throws otherwise). {@code scanShared} and {@code
 * scanCopied} measure what handing the batches out costs: shared views (what the source does)
 * against copying every buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class TpchBenchmark {
  /** The lineitem columns of Q1 and Q6, in the order the loops read them. */
  static final List<String> COLUMNS =
      List.of(
          "l_quantity",
          "l_extendedprice",
          "l_discount",
          "l_tax",
          "l_returnflag",
          "l_linestatus",
          "l_shipdate");

  private static final int QUANTITY = 0;
  private static final int PRICE = 1;
  private static final int DISCOUNT = 2;
  private static final int TAX = 3;
  private static final int RETURN_FLAG = 4;
  private static final int LINE_STATUS = 5;
  private static final int SHIP_DATE = 6;

  private static final int Q1_LAST_SHIP_DAY =
      (int) LocalDate.of(1998, 12, 1).minusDays(90).toEpochDay();
  private static final int Q6_FIRST_DAY = (int) LocalDate.of(1994, 1, 1).toEpochDay();
  private static final int Q6_END_DAY = (int) LocalDate.of(1995, 1, 1).toEpochDay();

  /** Q1 groups: return flag A, N, R times line status F, O. */
  private static final String FLAGS = "ANR";

  private static final String STATUSES = "FO";
  private static final int[] FLAG_GROUP = new int[256];

  static {
    Arrays.fill(FLAG_GROUP, -1);
    for (int i = 0; i < FLAGS.length(); i++) {
      FLAG_GROUP[FLAGS.charAt(i)] = 2 * i;
    }
  }

  @Param({"1"})
  public double sf;

  private BufferAllocator allocator;
  private ArrowMemorySource lineitem;
  private Locus locus;
  private Locus singleThreaded;
  private Table q1;
  private Table q6;
  private Table q1SingleThreaded;
  private Table q6SingleThreaded;

  @Setup(Level.Trial)
  public void load() {
    allocator = new RootAllocator();
    lineitem =
        ArrowMemorySource.load(
            TpchSource.table("lineitem", sf), COLUMNS, allocator, Batches.DEFAULT_BATCH_SIZE);
    Function<String, Source> tables =
        name -> {
          if (!name.equals("lineitem")) {
            throw new IllegalArgumentException("Only lineitem is loaded; asked for " + name);
          }
          return lineitem;
        };
    locus = Locus.local();
    singleThreaded = Locus.local(ExecutorConfig.defaults().withParallelism(1));
    q1 = TpchQueries.q1(locus, tables);
    q6 = TpchQueries.q6(locus, tables);
    q1SingleThreaded = TpchQueries.q1(singleThreaded, tables);
    q6SingleThreaded = TpchQueries.q6(singleThreaded, tables);

    List<List<Object>> q1Expected = q1Rows(q1Loop());
    List<List<Object>> q6Expected = List.of(List.of(BigDecimal.valueOf(q6Loop(), 4)));
    check("Q1", q1Expected, q1.execute().rows());
    check("Q1 on one thread", q1Expected, q1SingleThreaded.execute().rows());
    check("Q6", q6Expected, q6.execute().rows());
    check("Q6 on one thread", q6Expected, q6SingleThreaded.execute().rows());
  }

  @TearDown(Level.Trial)
  public void release() {
    locus.close();
    singleThreaded.close();
    lineitem.close();
    allocator.close();
  }

  @Benchmark
  public QueryResult q1Locus() {
    return q1.execute();
  }

  @Benchmark
  public QueryResult q1LocusOneThread() {
    return q1SingleThreaded.execute();
  }

  @Benchmark
  public long[][] q1Loop() {
    return q1Loop(lineitem.batches());
  }

  @Benchmark
  public QueryResult q6Locus() {
    return q6.execute();
  }

  @Benchmark
  public QueryResult q6LocusOneThread() {
    return q6SingleThreaded.execute();
  }

  @Benchmark
  public long q6Loop() {
    return q6Loop(lineitem.batches());
  }

  /** Hands every batch out as a zero-copy view and closes it. */
  @Benchmark
  public long scanShared() {
    List<Integer> columns = IntStream.range(0, COLUMNS.size()).boxed().toList();
    long rows = 0;
    for (SourceSplit split : lineitem.splits(1)) {
      try (BatchReader reader = split.open(allocator, columns, Batches.DEFAULT_BATCH_SIZE)) {
        VectorSchemaRoot batch;
        while ((batch = reader.next()) != null) {
          rows += batch.getRowCount();
          batch.close();
        }
      }
    }
    return rows;
  }

  /** The alternative: copies every buffer of every batch (one memcpy per buffer) and closes it. */
  @Benchmark
  public long scanCopied() {
    long rows = 0;
    for (VectorSchemaRoot stored : lineitem.batches()) {
      List<FieldVector> copies = new ArrayList<>();
      for (FieldVector vector : stored.getFieldVectors()) {
        copies.add(copy(vector));
      }
      try (VectorSchemaRoot copy = new VectorSchemaRoot(copies)) {
        copy.setRowCount(stored.getRowCount());
        rows += copy.getRowCount();
      }
    }
    return rows;
  }

  private FieldVector copy(FieldVector vector) {
    FieldVector target = vector.getField().createVector(allocator);
    List<ArrowBuf> buffers = new ArrayList<>();
    try {
      for (ArrowBuf buffer : vector.getFieldBuffers()) {
        ArrowBuf copy = allocator.buffer(buffer.capacity());
        copy.setBytes(0, buffer, 0, buffer.capacity());
        buffers.add(copy);
      }
      target.loadFieldBuffers(
          new ArrowFieldNode(vector.getValueCount(), vector.getNullCount()), buffers);
      return target;
    } finally {
      buffers.forEach(ArrowBuf::close);
    }
  }

  /**
   * Q1 as a loop: per group sums of quantity and price (scale 2), discounted price (scale 4),
   * charge (scale 6) and discount (scale 2), and the row count. Decimals are read as the low 64
   * bits of their 128-bit values (TPC-H values fit; the sums fit a long up to about SF 100); TPC-H
   * has no NULLs, so validity is not read.
   */
  // hot path
  static long[][] q1Loop(List<VectorSchemaRoot> batches) {
    long[] quantity = new long[6];
    long[] price = new long[6];
    long[] discountedPrice = new long[6];
    long[] charge = new long[6];
    long[] discount = new long[6];
    long[] count = new long[6];
    for (VectorSchemaRoot batch : batches) {
      int rows = batch.getRowCount();
      ArrowBuf quantities = batch.getVector(QUANTITY).getDataBuffer();
      ArrowBuf prices = batch.getVector(PRICE).getDataBuffer();
      ArrowBuf discounts = batch.getVector(DISCOUNT).getDataBuffer();
      ArrowBuf taxes = batch.getVector(TAX).getDataBuffer();
      ArrowBuf flagOffsets = batch.getVector(RETURN_FLAG).getOffsetBuffer();
      ArrowBuf flags = batch.getVector(RETURN_FLAG).getDataBuffer();
      ArrowBuf statusOffsets = batch.getVector(LINE_STATUS).getOffsetBuffer();
      ArrowBuf statuses = batch.getVector(LINE_STATUS).getDataBuffer();
      ArrowBuf shipDates = batch.getVector(SHIP_DATE).getDataBuffer();
      for (int row = 0; row < rows; row++) {
        if (shipDates.getInt((long) row * 4) > Q1_LAST_SHIP_DAY) {
          continue;
        }
        long offset = (long) row * 16;
        long rowQuantity = quantities.getLong(offset);
        long rowPrice = prices.getLong(offset);
        long rowDiscount = discounts.getLong(offset);
        long rowTax = taxes.getLong(offset);
        int group =
            FLAG_GROUP[flags.getByte(flagOffsets.getInt((long) row * 4)) & 0xff]
                + (statuses.getByte(statusOffsets.getInt((long) row * 4)) == 'O' ? 1 : 0);
        long rowDiscountedPrice = rowPrice * (100 - rowDiscount);
        quantity[group] += rowQuantity;
        price[group] += rowPrice;
        discountedPrice[group] += rowDiscountedPrice;
        charge[group] += rowDiscountedPrice * (100 + rowTax);
        discount[group] += rowDiscount;
        count[group]++;
      }
    }
    return new long[][] {quantity, price, discountedPrice, charge, discount, count};
  }

  /** Q1's result rows from the loop's sums, with Locus's types (AVG: scale 6, half-up). */
  static List<List<Object>> q1Rows(long[][] sums) {
    List<List<Object>> rows = new ArrayList<>();
    long[] count = sums[5];
    for (int group = 0; group < 6; group++) {
      if (count[group] == 0) {
        continue;
      }
      BigDecimal rowCount = BigDecimal.valueOf(count[group]);
      rows.add(
          List.of(
              String.valueOf(FLAGS.charAt(group / 2)),
              String.valueOf(STATUSES.charAt(group % 2)),
              BigDecimal.valueOf(sums[0][group], 2),
              BigDecimal.valueOf(sums[1][group], 2),
              BigDecimal.valueOf(sums[2][group], 4),
              BigDecimal.valueOf(sums[3][group], 6),
              BigDecimal.valueOf(sums[0][group], 2).divide(rowCount, 6, RoundingMode.HALF_UP),
              BigDecimal.valueOf(sums[1][group], 2).divide(rowCount, 6, RoundingMode.HALF_UP),
              BigDecimal.valueOf(sums[4][group], 2).divide(rowCount, 6, RoundingMode.HALF_UP),
              count[group]));
    }
    return rows;
  }

  /** Q6 as a loop: the revenue, unscaled at scale 4 (see {@link #q1Loop} for the assumptions). */
  // hot path
  static long q6Loop(List<VectorSchemaRoot> batches) {
    long revenue = 0;
    for (VectorSchemaRoot batch : batches) {
      int rows = batch.getRowCount();
      ArrowBuf quantities = batch.getVector(QUANTITY).getDataBuffer();
      ArrowBuf prices = batch.getVector(PRICE).getDataBuffer();
      ArrowBuf discounts = batch.getVector(DISCOUNT).getDataBuffer();
      ArrowBuf shipDates = batch.getVector(SHIP_DATE).getDataBuffer();
      for (int row = 0; row < rows; row++) {
        int shipDate = shipDates.getInt((long) row * 4);
        long offset = (long) row * 16;
        long discount = discounts.getLong(offset);
        if (shipDate >= Q6_FIRST_DAY
            && shipDate < Q6_END_DAY
            && discount >= 5
            && discount <= 7
            && quantities.getLong(offset) < 2400) {
          revenue += prices.getLong(offset) * discount;
        }
      }
    }
    return revenue;
  }

  private static void check(String query, List<List<Object>> expected, List<List<Object>> actual) {
    boolean same = expected.size() == actual.size();
    for (int row = 0; same && row < expected.size(); row++) {
      List<Object> want = expected.get(row);
      List<Object> got = actual.get(row);
      same = want.size() == got.size();
      for (int column = 0; same && column < want.size(); column++) {
        Object a = want.get(column);
        Object b = got.get(column);
        same =
            a instanceof BigDecimal x && b instanceof BigDecimal y
                ? x.compareTo(y) == 0
                : a.equals(b);
      }
    }
    if (!same) {
      throw new IllegalStateException(
          query + ": Locus answered " + actual + " but the hand-written loop " + expected);
    }
  }
}
