package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.core.explain.CardinalityEstimator;
import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.FilterObjects;
import dev.locus.core.plan.FlatMapObjects;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.MapObjects;
import dev.locus.core.plan.ObjectsToRows;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.RowsToObjects;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Cuts a job's plan into stages that run on the workers and a final plan for the coordinator.
 *
 * <ul>
 *   <li>A <em>source stage</em> is a scan of a cluster table with the filters and projections above
 *       it; each of its tasks reads one split on a node that can read the table.
 *   <li>A join of a scan with a small table (at most {@link #BROADCAST_ROWS} rows) runs in the
 *       scan's own tasks: the small table is broadcast to each of them.
 *   <li>Any other join whose two sides both run on workers becomes a <em>join stage</em> of {@code
 *       partitions} tasks on any workers: both sides are hash-partitioned on the join keys and each
 *       join task receives its partition of each side through an exchange between nodes. Joins
 *       nest: a join stage's output can be partitioned again for the next join.
 *   <li>A stage whose output is the job's goes to the coordinator; when an aggregation over it has
 *       no DISTINCT, the stage aggregates its part first (an AVG as a SUM and a COUNT, divided on
 *       the coordinator with AVG's own rounding).
 * </ul>
 *
 * <pre>
 *   Aggregate                     final: Aggregate (counts summed) over stage 2
 *     Join o_orderkey = l_orderkey
 *       Filter                    stage 0: Filter, Scan orders    ─hash(o_orderkey)─┐
 *         Scan orders      ==>    stage 1: Scan lineitem          ─hash(l_orderkey)─┤
 *       Scan lineitem             stage 2: Aggregate (partial), Join  ◄─────────────┘ (6 tasks)
 * </pre>
 */
public final class Fragmenter {
  /** Tables of at most this many rows are broadcast to the tasks of the side they join. */
  static final long BROADCAST_ROWS = 100_000;

  private Fragmenter() {}

  /**
   * Where a stage's output goes: the coordinator ({@code consumerStage} -1, one stream per task),
   * or the tasks of another stage, hash-partitioned on {@code keys} into {@code partitions}.
   */
  public record Output(int consumerStage, List<Integer> keys, int partitions, boolean broadcast) {
    public Output {
      keys = List.copyOf(keys);
    }

    static Output coordinator() {
      return new Output(-1, List.of(), 1, false);
    }

    public boolean toCoordinator() {
      return consumerStage < 0;
    }
  }

  /**
   * A stage: a fragment run by {@code tasks} tasks, fed either by a cluster table (one task per
   * split) or by the outputs of {@code inputStages} (one task per partition).
   *
   * @param table the table a source stage reads, or null for a join stage
   */
  public record Stage(
      int stageId,
      LogicalPlan fragment,
      RemoteTableSource table,
      List<Integer> inputStages,
      int tasks,
      Output output,
      String description) {
    public Stage {
      requireNonNull(fragment, "fragment is null");
      inputStages = List.copyOf(inputStages);
      requireNonNull(output, "output is null");
      requireNonNull(description, "description is null");
    }

    public boolean isSource() {
      return table != null;
    }
  }

  /** The stages (inputs before the stages they feed) and the final plan over their outputs. */
  public record JobPlan(List<Stage> stages, LogicalPlan finalPlan) {
    public JobPlan {
      stages = List.copyOf(stages);
      requireNonNull(finalPlan, "finalPlan is null");
    }
  }

  /**
   * A part of the plan that can run on workers, before it is cut into a stage; {@code feeders} are
   * the stages that will send to it (hash-partitioned or broadcast) once it is one.
   */
  private record Piece(
      LogicalPlan fragment,
      RemoteTableSource table,
      List<Integer> inputStages,
      String description,
      List<Feeder> feeders) {
    Piece {
      inputStages = List.copyOf(inputStages);
      feeders = List.copyOf(feeders);
    }

    Piece(LogicalPlan fragment, RemoteTableSource table, String description) {
      this(fragment, table, List.of(), description, List.of());
    }

    Piece over(LogicalPlan newFragment, String step) {
      return new Piece(newFragment, table, inputStages, description + step, feeders);
    }
  }

  /** A stage that sends to a piece: hash-partitioned on {@code keys}, or to every task. */
  private record Feeder(int stageId, List<Integer> keys, boolean broadcast) {}

  /** Stages being built; an output is set once the consumer is known. */
  private static final class Builder {
    final int partitions;
    final List<Stage> stages = new ArrayList<>();

    Builder(int partitions) {
      this.partitions = partitions;
    }

    int add(Piece piece, String suffix) {
      int stageId = stages.size();
      int tasks = piece.table() != null ? piece.table().splitCount() : partitions;
      stages.add(
          new Stage(
              stageId,
              piece.fragment(),
              piece.table(),
              piece.inputStages(),
              tasks,
              Output.coordinator(),
              piece.description() + suffix));
      for (Feeder feeder : piece.feeders()) {
        Stage stage = stages.get(feeder.stageId());
        stages.set(
            feeder.stageId(),
            new Stage(
                feeder.stageId(),
                stage.fragment(),
                stage.table(),
                stage.inputStages(),
                stage.tasks(),
                new Output(stageId, feeder.keys(), tasks, feeder.broadcast()),
                stage.description()));
      }
      return stageId;
    }
  }

  /**
   * Cuts a plan; join stages get {@code partitions} tasks (0 keeps every join on the coordinator).
   */
  public static JobPlan cut(LogicalPlan plan, int partitions) {
    Builder builder = new Builder(partitions);
    LogicalPlan finalPlan = cut(plan, builder);
    return new JobPlan(builder.stages, finalPlan);
  }

  private static LogicalPlan cut(LogicalPlan plan, Builder builder) {
    if (plan instanceof Aggregate aggregate && splittable(aggregate)) {
      Optional<Piece> input = piece(aggregate.input(), builder);
      if (input.isPresent()) {
        Aggregate partialAggregate = partial(aggregate, input.get().fragment());
        Piece partial = input.get().over(partialAggregate, " → Aggregate");
        return finalAggregate(
            aggregate, output(builder.add(partial, " (partial)"), partialAggregate));
      }
    }
    Optional<Piece> piece = piece(plan, builder);
    if (piece.isPresent()) {
      return output(builder.add(piece.get(), ""), plan);
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      inputs.add(cut(input, builder));
    }
    return plan.inputs().isEmpty() ? plan : plan.withInputs(inputs);
  }

  private static LogicalPlan output(int stageId, LogicalPlan plan) {
    return Scan.of(
        new StageOutputSource(stageId, plan.schema(), CardinalityEstimator.estimate(plan)));
  }

  /**
   * The part of the plan that runs on workers: a scan of a cluster table under filters and
   * projections, or a join of two such parts (whose sides become stages here).
   */
  private static Optional<Piece> piece(LogicalPlan plan, Builder builder) {
    if (plan instanceof Scan scan && scan.source() instanceof RemoteTableSource table) {
      return Optional.of(new Piece(plan, table, "Scan " + table.name()));
    }
    if (streaming(plan)) {
      return piece(plan.inputs().get(0), builder)
          .map(
              input ->
                  input.over(
                      plan.withInputs(List.of(input.fragment())), " → " + plan.operatorName()));
    }
    if (plan instanceof Join join && broadcastable(join, builder)) {
      // The small right side goes whole to every task that reads a split of the left side, which
      // joins it there: the left side does not move.
      Piece left = piece(join.left(), builder).orElseThrow();
      Piece right = piece(join.right(), builder).orElseThrow();
      int rightStage = builder.add(right, "");
      List<Integer> inputs = new ArrayList<>(left.inputStages());
      inputs.add(rightStage);
      List<Feeder> feeders = new ArrayList<>(left.feeders());
      feeders.add(new Feeder(rightStage, List.of(), true));
      LogicalPlan fragment =
          join.withInputs(
              List.of(
                  left.fragment(),
                  Scan.of(
                      new ExchangeSource(
                          rightStage,
                          join.right().schema(),
                          CardinalityEstimator.estimate(join.right())))));
      return Optional.of(
          new Piece(
              fragment,
              left.table(),
              inputs,
              left.description() + " → Join with stage " + rightStage + " (broadcast)",
              feeders));
    }
    if (plan instanceof Join join && distributable(join, builder)) {
      // Both sides must run on workers; only then are their stages made.
      if (!runsOnWorkers(join.left()) || !runsOnWorkers(join.right())) {
        return Optional.empty();
      }
      Piece left = piece(join.left(), builder).orElseThrow();
      int leftStage = builder.add(left, "");
      Piece right = piece(join.right(), builder).orElseThrow();
      int rightStage = builder.add(right, "");
      LogicalPlan fragment =
          join.withInputs(
              List.of(
                  Scan.of(
                      new ExchangeSource(
                          leftStage,
                          join.left().schema(),
                          CardinalityEstimator.estimate(join.left()))),
                  Scan.of(
                      new ExchangeSource(
                          rightStage,
                          join.right().schema(),
                          CardinalityEstimator.estimate(join.right())))));
      return Optional.of(
          new Piece(
              fragment,
              null,
              List.of(leftStage, rightStage),
              "Join of stages " + leftStage + " and " + rightStage,
              List.of(
                  new Feeder(leftStage, join.leftKeys(), false),
                  new Feeder(rightStage, join.rightKeys(), false))));
    }
    return Optional.empty();
  }

  /**
   * A join whose right side is a small table read on workers (at most {@link #BROADCAST_ROWS} rows
   * before filters) and whose left side is a scan (perhaps already joined with broadcast tables):
   * broadcast the right side. Only joins that keep or drop left rows by their matches (inner, left,
   * semi, anti) can be evaluated one left split at a time.
   */
  private static boolean broadcastable(Join join, Builder builder) {
    return builder.partitions > 0 && broadcastShape(join);
  }

  private static boolean broadcastShape(Join join) {
    if (join.leftKeys().isEmpty()
        || !(join.type() == JoinType.INNER
            || join.type() == JoinType.LEFT
            || join.type() == JoinType.SEMI
            || join.type() == JoinType.ANTI)) {
      return false;
    }
    Optional<RemoteTableSource> right = plainScan(join.right());
    return right.isPresent()
        && right.get().estimatedRows() <= BROADCAST_ROWS
        && scanWithBroadcasts(join.left());
  }

  /** The table of a scan under filters and projections only. */
  private static Optional<RemoteTableSource> plainScan(LogicalPlan plan) {
    if (plan instanceof Scan scan && scan.source() instanceof RemoteTableSource table) {
      return Optional.of(table);
    }
    if (plan instanceof Filter || plan instanceof Project) {
      return plainScan(plan.inputs().get(0));
    }
    return Optional.empty();
  }

  /**
   * A scan of a cluster table, perhaps joined with broadcast tables, under filters and projections.
   */
  private static boolean scanWithBroadcasts(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return scan.source() instanceof RemoteTableSource;
    }
    if (plan instanceof Filter || plan instanceof Project) {
      return scanWithBroadcasts(plan.inputs().get(0));
    }
    if (plan instanceof Join join) {
      return join.leftKeys().size() > 0
          && (join.type() == JoinType.INNER
              || join.type() == JoinType.LEFT
              || join.type() == JoinType.SEMI
              || join.type() == JoinType.ANTI)
          && broadcastShape(join);
    }
    return false;
  }

  /**
   * Operators that work batch by batch and so run in the task of their input: filters, projections,
   * and the typed API's lambdas (whose classes reach the workers in the job jar).
   */
  private static boolean streaming(LogicalPlan plan) {
    return plan instanceof Filter
        || plan instanceof Project
        || plan instanceof RowsToObjects
        || plan instanceof ObjectsToRows
        || plan instanceof MapObjects
        || plan instanceof FilterObjects
        || plan instanceof FlatMapObjects;
  }

  /** Whether {@link #piece} would find a piece, without making stages. */
  private static boolean runsOnWorkers(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      return scan.source() instanceof RemoteTableSource;
    }
    if (streaming(plan)) {
      return runsOnWorkers(plan.inputs().get(0));
    }
    if (plan instanceof Join join) {
      return broadcastShape(join)
          || (join.leftKeys().size() > 0
              && sameKeyTypes(join)
              && runsOnWorkers(join.left())
              && runsOnWorkers(join.right()));
    }
    return false;
  }

  private static boolean distributable(Join join, Builder builder) {
    return builder.partitions > 0 && !join.leftKeys().isEmpty() && sameKeyTypes(join);
  }

  /** Equal keys hash alike on both sides only when their types are the same. */
  private static boolean sameKeyTypes(Join join) {
    Schema left = join.left().schema();
    Schema right = join.right().schema();
    for (int i = 0; i < join.leftKeys().size(); i++) {
      if (!left.type(join.leftKeys().get(i)).equals(right.type(join.rightKeys().get(i)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean splittable(Aggregate aggregate) {
    for (AggregateCall call : aggregate.aggregates()) {
      if (call.distinct()) {
        return false;
      }
    }
    return true;
  }

  /** The aggregation each task does over its part: an AVG becomes a SUM and a COUNT. */
  private static Aggregate partial(Aggregate aggregate, LogicalPlan input) {
    List<AggregateCall> calls = new ArrayList<>();
    Schema inputSchema = input.schema();
    for (AggregateCall call : aggregate.aggregates()) {
      if (call.function() == AggregateFunction.AVG) {
        DataType argument = inputSchema.type(call.argument());
        calls.add(
            AggregateCall.of(
                AggregateFunction.SUM, call.argument(), argument, false, call.name() + "$sum"));
        calls.add(
            AggregateCall.of(
                AggregateFunction.COUNT, call.argument(), argument, false, call.name() + "$count"));
      } else {
        calls.add(call);
      }
    }
    return new Aggregate(input, aggregate.groupKeys(), calls);
  }

  /**
   * The final aggregation over the partial results (counts summed, sums summed, minima and maxima
   * re-applied), then each AVG as its summed SUM over its summed COUNT: NULL for no values, a
   * DOUBLE for INT, BIGINT and DOUBLE, and for DECIMAL(p, s) a DECIMAL(38, max(s, 6)) rounded
   * half-up, as the engine's own AVG.
   */
  private static LogicalPlan finalAggregate(Aggregate aggregate, LogicalPlan partials) {
    int keys = aggregate.groupKeys().size();
    Schema partialSchema = partials.schema();
    List<AggregateCall> finals = new ArrayList<>();
    List<RowExpression> outputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int key = 0; key < keys; key++) {
      outputs.add(new InputRef(key, partialSchema.type(key)));
      names.add(partialSchema.field(key).name());
    }
    int column = keys;
    for (AggregateCall call : aggregate.aggregates()) {
      if (call.function() == AggregateFunction.AVG) {
        int sum = finals.size();
        finals.add(
            AggregateCall.of(
                AggregateFunction.SUM,
                column,
                partialSchema.type(column),
                false,
                call.name() + "$sum"));
        finals.add(
            AggregateCall.of(
                AggregateFunction.SUM, column + 1, DataType.BIGINT, false, call.name() + "$count"));
        column += 2;
        DataType sumType = finals.get(sum).type();
        outputs.add(
            average(
                new InputRef(keys + sum, sumType),
                new InputRef(keys + sum + 1, DataType.BIGINT),
                call.type()));
      } else {
        AggregateFunction function =
            call.function() == AggregateFunction.COUNT ? AggregateFunction.SUM : call.function();
        AggregateCall merged =
            AggregateCall.of(function, column, partialSchema.type(column), false, call.name());
        outputs.add(
            call.function() == AggregateFunction.COUNT
                // A count summed over no partial row is NULL; COUNT is 0 there.
                ? FunctionCall.of(
                    ScalarFunction.COALESCE,
                    DataType.BIGINT,
                    new InputRef(keys + finals.size(), DataType.BIGINT),
                    new Constant(0L, DataType.BIGINT))
                : new InputRef(keys + finals.size(), merged.type()));
        finals.add(merged);
        column++;
      }
      names.add(call.name());
    }
    Aggregate merged = new Aggregate(partials, IntStream.range(0, keys).boxed().toList(), finals);
    return new Project(merged, outputs, names);
  }

  /** {@code sum / count}, NULL when count is 0, of AVG's result type. */
  private static RowExpression average(RowExpression sum, RowExpression count, DataType type) {
    RowExpression divisor =
        FunctionCall.of(
            ScalarFunction.CASE,
            DataType.BIGINT,
            FunctionCall.of(
                ScalarFunction.EQUAL, DataType.BOOLEAN, count, new Constant(0L, DataType.BIGINT)),
            new Constant(null, DataType.BIGINT),
            count);
    if (type.kind() == DataType.Kind.DECIMAL) {
      DataType wide = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, 0);
      return FunctionCall.of(
          ScalarFunction.DIVIDE, type, sum, FunctionCall.of(ScalarFunction.CAST, wide, divisor));
    }
    RowExpression numerator =
        sum.type().equals(DataType.DOUBLE)
            ? sum
            : FunctionCall.of(ScalarFunction.CAST, DataType.DOUBLE, sum);
    return FunctionCall.of(
        ScalarFunction.DIVIDE,
        DataType.DOUBLE,
        numerator,
        FunctionCall.of(ScalarFunction.CAST, DataType.DOUBLE, divisor));
  }
}
