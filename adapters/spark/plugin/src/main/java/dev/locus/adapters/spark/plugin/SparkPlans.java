package dev.locus.adapters.spark.plugin;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.plan.Values;
import dev.locus.core.source.DatabaseTable;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Locus logical plans as Spark DataFrames. Every node's output columns get fresh names ({@code
 * c<n>}), so that columns stay distinct across the two sides of a join; column references of
 * expressions become those names. Scan leaves are read by Spark as columnar Arrow batches through
 * {@link ArrowScanSource}; no files and no rows in between.
 */
final class SparkPlans implements AutoCloseable {
  private final SparkSession session;
  private final BufferAllocator allocator;
  private final SparkPlatform platform;
  private final List<String> handles = new ArrayList<>();
  private int nextName;

  SparkPlans(SparkSession session, BufferAllocator allocator, SparkPlatform platform) {
    this.session = session;
    this.allocator = allocator;
    this.platform = platform;
  }

  /** A DataFrame and the names of its columns, in the order of the Locus node's schema. */
  record Frame(Dataset<Row> data, List<String> names) {}

  /** Why {@code node} cannot run on Spark (its inputs aside), or empty when it can. */
  static Optional<String> unsupported(LogicalPlan node) {
    for (Field field : node.schema().fields()) {
      Optional<String> reason = SparkTypes.unsupported(field.type());
      if (reason.isPresent()) {
        return reason;
      }
    }
    List<RowExpression> expressions = new ArrayList<>();
    if (node instanceof Scan || node instanceof Values) {
      // read through the Source SPI / literal rows
    } else if (node instanceof Filter filter) {
      expressions.add(filter.condition());
    } else if (node instanceof Project project) {
      expressions.addAll(project.expressions());
    } else if (node instanceof Aggregate aggregate) {
      if (aggregate.groupKeys().isEmpty() && aggregate.aggregates().isEmpty()) {
        return Optional.of("an Aggregate without keys or aggregates has no columns");
      }
    } else if (node instanceof Join join) {
      expressions.add(join.residual());
    } else if (!(node instanceof Sort
        || node instanceof TopN
        || node instanceof Limit
        || node instanceof Distinct
        || node instanceof Union)) {
      return Optional.of(
          node.operatorName() + " is not supported by the spark platform yet; supported: " + NODES);
    }
    for (RowExpression expression : expressions) {
      Optional<String> reason = SparkExpressions.unsupported(expression);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return Optional.empty();
  }

  static final List<String> NODES =
      List.of(
          "Scan",
          "Values",
          "Filter",
          "Project",
          "Aggregate",
          "Join",
          "Sort",
          "TopN",
          "Limit",
          "Distinct",
          "Union");

  /** The DataFrame of {@code plan}, with every column cast to the plan's Locus type. */
  Dataset<Row> dataFrame(LogicalPlan plan) {
    Frame frame = translate(plan);
    Schema schema = plan.schema();
    Column[] columns = new Column[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = col(frame.names().get(i)).cast(SparkTypes.toSpark(schema.type(i)));
    }
    return frame.data().select(columns);
  }

  Frame translate(LogicalPlan node) {
    if (node instanceof Scan scan) {
      return scan(scan);
    }
    if (node instanceof Values values) {
      return rows(values.schema(), values.rows());
    }
    if (node instanceof Filter filter) {
      Frame input = translate(filter.input());
      return new Frame(
          input.data().filter(SparkExpressions.translate(filter.condition(), input.names())),
          input.names());
    }
    if (node instanceof Project project) {
      Frame input = translate(project.input());
      List<Column> columns = new ArrayList<>();
      for (RowExpression expression : project.expressions()) {
        columns.add(SparkExpressions.translate(expression, input.names()));
      }
      return named(input.data(), columns);
    }
    if (node instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (node instanceof Join join) {
      return join(join);
    }
    if (node instanceof Sort sort) {
      Frame input = translate(sort.input());
      return new Frame(input.data().orderBy(order(sort.keys(), input.names())), input.names());
    }
    if (node instanceof TopN topN) {
      Frame input = translate(topN.input());
      return new Frame(
          input.data().orderBy(order(topN.keys(), input.names())).limit(intCount(topN.count())),
          input.names());
    }
    if (node instanceof Limit limit) {
      Frame input = translate(limit.input());
      Dataset<Row> data = input.data();
      if (limit.offset() > 0) {
        data = data.offset(intCount(limit.offset()));
      }
      return new Frame(data.limit(intCount(limit.count())), input.names());
    }
    if (node instanceof Distinct distinct) {
      Frame input = translate(distinct.input());
      return new Frame(input.data().distinct(), input.names());
    }
    if (node instanceof Union union) {
      Frame first = translate(union.inputs().get(0));
      Dataset<Row> data = first.data();
      for (LogicalPlan input : union.inputs().subList(1, union.inputs().size())) {
        data = data.union(translate(input).data());
      }
      return new Frame(data, first.names());
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        node.operatorName() + " is not supported by the spark platform yet; supported: " + NODES);
  }

  private Frame scan(Scan scan) {
    if (platform.readsDirectly(scan)) {
      return databaseScan(scan, (DatabaseTable) scan.source());
    }
    Schema schema = scan.schema();
    List<String> names = freshNames(schema.size());
    int parallelism = session.sparkContext().defaultParallelism();
    List<SourceSplit> splits = scan.source().splits(parallelism);
    boolean inMemory = platform.transfer() == ArrowScanSource.Transfer.MEMORY;
    List<byte[]> payloads = new ArrayList<>();
    if (!inMemory) {
      for (SourceSplit split : splits) {
        payloads.add(ArrowIpc.write(split, scan.columns(), schema, allocator));
      }
    }
    String handle =
        ArrowScanSource.register(
            new ArrowScanSource.Entry(
                scan.source().name(),
                inMemory ? splits : List.of(),
                scan.columns(),
                allocator,
                payloads,
                scan.source().estimatedRows(),
                bytesPerRow(schema)));
    handles.add(handle);
    Dataset<Row> data =
        session
            .read()
            .format(ArrowScanSource.class.getName())
            .schema(SparkTypes.toSpark(schema, names))
            .option(ArrowScanSource.HANDLE_OPTION, handle)
            .load();
    return new Frame(data, names);
  }

  /**
   * A table read by Spark's JDBC reader on the executors, in ranges of its integer key when it has
   * one (one range per core), each column cast to the type Locus reads it as.
   */
  private Frame databaseScan(Scan scan, DatabaseTable table) {
    DataFrameReader reader =
        session
            .read()
            .format("jdbc")
            .option("url", table.connectionUrl())
            .option("driver", org.postgresql.Driver.class.getName())
            .option("dbtable", table.qualifiedTableName())
            .option("fetchsize", "10000")
            .option("preferTimestampNTZ", "true");
    table
        .connectionProperties()
        .forEach((key, value) -> reader.option((String) key, (String) value));
    table
        .keyRange()
        .ifPresent(
            range ->
                reader
                    .option("partitionColumn", range.column())
                    .option("lowerBound", Long.toString(range.lowest()))
                    .option("upperBound", Long.toString(range.highest() + 1))
                    .option(
                        "numPartitions",
                        Integer.toString(session.sparkContext().defaultParallelism())));
    Dataset<Row> data = reader.load();
    Schema schema = scan.schema();
    List<String> names = freshNames(schema.size());
    Column[] columns = new Column[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      String column = table.columnNames().get(scan.columns().get(i));
      columns[i] = data.col(column).cast(SparkTypes.toSpark(schema.type(i))).as(names.get(i));
    }
    return new Frame(data.select(columns), names);
  }

  /** A rough width of a row in Spark's memory, for its broadcast decisions. */
  private static long bytesPerRow(Schema schema) {
    long bytes = 0;
    for (Field field : schema.fields()) {
      bytes +=
          switch (field.type().kind()) {
            case BOOLEAN -> 1;
            case INT, DATE -> 4;
            case BIGINT, DOUBLE, TIMESTAMP -> 8;
            case DECIMAL -> 16;
            case VARCHAR, OBJECT -> 24;
          };
    }
    return Math.max(1, bytes);
  }

  /** Ends the registration of this translation's scans (after its DataFrame has run). */
  @Override
  public void close() {
    handles.forEach(ArrowScanSource::release);
    handles.clear();
  }

  private Frame rows(Schema schema, List<List<Object>> values) {
    List<String> names = freshNames(schema.size());
    List<Row> rows = new ArrayList<>(values.size());
    for (List<Object> row : values) {
      rows.add(RowFactory.create(row.toArray()));
    }
    return new Frame(session.createDataFrame(rows, SparkTypes.toSpark(schema, names)), names);
  }

  private Frame aggregate(Aggregate aggregate) {
    Frame input = translate(aggregate.input());
    Schema inputSchema = aggregate.input().schema();
    List<Column> keys = new ArrayList<>();
    for (int key : aggregate.groupKeys()) {
      keys.add(col(input.names().get(key)));
    }
    // AVG is a SUM and a COUNT here, divided afterwards as Locus divides (exactly for decimals).
    List<Column> calls = new ArrayList<>();
    List<Column> results = new ArrayList<>(keys);
    for (AggregateCall call : aggregate.aggregates()) {
      Column argument = call.argument() < 0 ? lit(1) : col(input.names().get(call.argument()));
      DataType argumentType = call.argument() < 0 ? null : inputSchema.type(call.argument());
      String name = freshName();
      switch (call.function()) {
        case COUNT ->
            calls.add(
                (call.distinct() ? functions.count_distinct(argument) : functions.count(argument))
                    .as(name));
        case SUM -> calls.add(sum(argument, call.distinct()).as(name));
        case MIN -> calls.add(functions.min(argument).as(name));
        case MAX -> calls.add(functions.max(argument).as(name));
        case AVG -> {
          String count = freshName();
          Column summed =
              argumentType.kind() == DataType.Kind.DECIMAL
                  ? argument
                  : argumentType.kind() == DataType.Kind.DOUBLE
                      ? argument
                      : argument.cast(DataTypes.createDecimalType(38, 0));
          calls.add(sum(summed, call.distinct()).as(name));
          calls.add(
              (call.distinct() ? functions.count_distinct(argument) : functions.count(argument))
                  .as(count));
          results.add(average(col(name), col(count), argumentType, call.type()));
          continue;
        }
        default ->
            throw new LocusException(
                ErrorCode.NOT_SUPPORTED, "Aggregate " + call.function() + " is not supported");
      }
      results.add(col(name).cast(SparkTypes.toSpark(call.type())));
    }
    Dataset<Row> grouped =
        keys.isEmpty()
            ? input.data().agg(calls.get(0), calls.subList(1, calls.size()).toArray(Column[]::new))
            : calls.isEmpty()
                ? input.data().select(keys.toArray(Column[]::new)).distinct()
                : input
                    .data()
                    .groupBy(keys.toArray(Column[]::new))
                    .agg(calls.get(0), calls.subList(1, calls.size()).toArray(Column[]::new));
    return named(grouped, results);
  }

  private static Column sum(Column argument, boolean distinct) {
    return distinct ? functions.sum_distinct(argument) : functions.sum(argument);
  }

  private static Column average(Column sum, Column count, DataType argument, DataType result) {
    Column nonEmpty = count.gt(lit(0L));
    if (argument.kind() == DataType.Kind.DECIMAL) {
      Column quotient =
          functions
              .udf(
                  new SparkExpressions.DecimalDivide(result.scale()),
                  DataTypes.createDecimalType(DataType.MAX_DECIMAL_PRECISION, result.scale()))
              .apply(sum, count.cast(DataTypes.createDecimalType(19, 0)));
      return functions.when(nonEmpty, quotient).cast(SparkTypes.toSpark(result));
    }
    return functions
        .when(nonEmpty, sum.cast(DataTypes.DoubleType).divide(count.cast(DataTypes.DoubleType)))
        .cast(DataTypes.DoubleType);
  }

  private Frame join(Join join) {
    Frame left = translate(join.left());
    Frame right = translate(join.right());
    Column condition = null;
    for (int i = 0; i < join.leftKeys().size(); i++) {
      Column equal =
          col(left.names().get(join.leftKeys().get(i)))
              .equalTo(col(right.names().get(join.rightKeys().get(i))));
      condition = condition == null ? equal : condition.and(equal);
    }
    if (join.hasResidual()) {
      List<String> both = new ArrayList<>(left.names());
      both.addAll(right.names());
      Column residual = SparkExpressions.translate(join.residual(), both);
      condition = condition == null ? residual : condition.and(residual);
    }
    if (condition == null) {
      condition = lit(true);
    }
    String type =
        switch (join.type()) {
          case INNER -> "inner";
          case LEFT -> "left_outer";
          case RIGHT -> "right_outer";
          case FULL -> "full_outer";
          case SEMI -> "left_semi";
          case ANTI -> "left_anti";
        };
    Dataset<Row> joined = left.data().join(right.data(), condition, type);
    List<String> names = new ArrayList<>(left.names());
    if (join.type().outputsRight()) {
      names.addAll(right.names());
    }
    return new Frame(joined, names);
  }

  private static Column[] order(List<SortKey> keys, List<String> names) {
    Column[] columns = new Column[keys.size()];
    for (int i = 0; i < columns.length; i++) {
      SortKey key = keys.get(i);
      Column column = col(names.get(key.column()));
      columns[i] =
          key.ascending()
              ? (key.nullsFirst() ? column.asc_nulls_first() : column.asc_nulls_last())
              : (key.nullsFirst() ? column.desc_nulls_first() : column.desc_nulls_last());
    }
    return columns;
  }

  private static int intCount(long count) {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  /** {@code columns} of {@code data} under fresh names. */
  private Frame named(Dataset<Row> data, List<Column> columns) {
    List<String> names = freshNames(columns.size());
    Column[] selected = new Column[columns.size()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = columns.get(i).as(names.get(i));
    }
    return new Frame(data.select(selected), names);
  }

  private List<String> freshNames(int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(freshName());
    }
    return names;
  }

  private String freshName() {
    return "c" + nextName++;
  }
}
