package dev.locus.core.plan.rewrite;

import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.RowExpressions;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Removes columns no operator above needs, down to the scans, so that sources read only the columns
 * a query uses and batches carry nothing dead.
 *
 * <pre>
 * Project[a]                          Project[a]
 * └─ Filter[b > 1]            ==&gt;     └─ Filter[b > 1]
 *    └─ Scan[a, b, c, d]                 └─ Scan[a, b]
 * </pre>
 *
 * Nodes whose meaning depends on every column (Distinct, Union, Sink, the typed API's nodes) keep
 * all their input columns. The plan's output columns never change.
 */
public final class PruneColumns {
  private PruneColumns() {}

  public static LogicalPlan rewrite(LogicalPlan plan) {
    BitSet all = new BitSet();
    all.set(0, plan.schema().size());
    Pruned pruned = prune(plan, all);
    if (!isIdentity(pruned.mapping())) {
      throw new IllegalStateException("Pruning changed the output of " + plan.describe());
    }
    return pruned.plan();
  }

  /** A pruned plan and where each old output column went (-1: dropped). */
  private record Pruned(LogicalPlan plan, int[] mapping) {}

  private static Pruned prune(LogicalPlan plan, BitSet required) {
    if (plan instanceof Scan scan) {
      List<Integer> columns = new ArrayList<>();
      int[] mapping = new int[scan.columns().size()];
      Arrays.fill(mapping, -1);
      for (int i = 0; i < scan.columns().size(); i++) {
        if (required.get(i)) {
          mapping[i] = columns.size();
          columns.add(scan.columns().get(i));
        }
      }
      if (columns.isEmpty() && !scan.columns().isEmpty()) {
        // Row counts still need one column.
        columns.add(scan.columns().get(0));
        mapping[0] = 0;
      }
      return new Pruned(new Scan(scan.source(), columns), mapping);
    }
    if (plan instanceof Filter filter) {
      BitSet needed = copy(required);
      needed.or(RowExpressions.inputs(filter.condition()));
      Pruned input = prune(filter.input(), needed);
      return new Pruned(
          new Filter(input.plan(), remap(filter.condition(), input.mapping())), input.mapping());
    }
    if (plan instanceof Project project) {
      List<RowExpression> kept = new ArrayList<>();
      List<String> names = new ArrayList<>();
      int[] mapping = new int[project.expressions().size()];
      Arrays.fill(mapping, -1);
      BitSet needed = new BitSet();
      for (int i = 0; i < project.expressions().size(); i++) {
        if (required.get(i)) {
          mapping[i] = kept.size();
          kept.add(project.expressions().get(i));
          names.add(project.names().get(i));
          needed.or(RowExpressions.inputs(project.expressions().get(i)));
        }
      }
      if (kept.isEmpty() && !project.expressions().isEmpty()) {
        // Row counts still need one column.
        mapping[0] = 0;
        kept.add(project.expressions().get(0));
        names.add(project.names().get(0));
        needed.or(RowExpressions.inputs(project.expressions().get(0)));
      }
      Pruned input = prune(project.input(), needed);
      List<RowExpression> remapped = kept.stream().map(e -> remap(e, input.mapping())).toList();
      return new Pruned(new Project(input.plan(), remapped, names), mapping);
    }
    if (plan instanceof Aggregate aggregate) {
      int keyCount = aggregate.groupKeys().size();
      BitSet needed = new BitSet();
      aggregate.groupKeys().forEach(needed::set);
      List<AggregateCall> kept = new ArrayList<>();
      int[] mapping = new int[keyCount + aggregate.aggregates().size()];
      Arrays.fill(mapping, -1);
      for (int i = 0; i < keyCount; i++) {
        mapping[i] = i;
      }
      for (int i = 0; i < aggregate.aggregates().size(); i++) {
        // A global aggregate keeps one column so that it still has an output row shape.
        boolean keep =
            required.get(keyCount + i) || (keyCount == 0 && i == 0 && required.isEmpty());
        if (keep) {
          AggregateCall call = aggregate.aggregates().get(i);
          mapping[keyCount + i] = keyCount + kept.size();
          kept.add(call);
          if (call.argument() >= 0) {
            needed.set(call.argument());
          }
        }
      }
      Pruned input = prune(aggregate.input(), needed);
      List<Integer> keys = aggregate.groupKeys().stream().map(k -> input.mapping()[k]).toList();
      List<AggregateCall> calls =
          kept.stream()
              .map(
                  call ->
                      new AggregateCall(
                          call.function(),
                          call.argument() < 0 ? -1 : input.mapping()[call.argument()],
                          call.distinct(),
                          call.type(),
                          call.name()))
              .toList();
      return new Pruned(new Aggregate(input.plan(), keys, calls), mapping);
    }
    if (plan instanceof Join join) {
      int leftWidth = join.left().schema().size();
      int rightWidth = join.right().schema().size();
      BitSet leftNeeded = new BitSet();
      BitSet rightNeeded = new BitSet();
      for (int i = required.nextSetBit(0); i >= 0; i = required.nextSetBit(i + 1)) {
        if (i < leftWidth) {
          leftNeeded.set(i);
        } else {
          rightNeeded.set(i - leftWidth);
        }
      }
      join.leftKeys().forEach(leftNeeded::set);
      join.rightKeys().forEach(rightNeeded::set);
      BitSet residualInputs = RowExpressions.inputs(join.residual());
      for (int i = residualInputs.nextSetBit(0); i >= 0; i = residualInputs.nextSetBit(i + 1)) {
        if (i < leftWidth) {
          leftNeeded.set(i);
        } else {
          rightNeeded.set(i - leftWidth);
        }
      }
      Pruned left = prune(join.left(), leftNeeded);
      Pruned right = prune(join.right(), rightNeeded);
      int newLeftWidth = left.plan().schema().size();
      int[] combined = new int[leftWidth + rightWidth];
      for (int i = 0; i < leftWidth; i++) {
        combined[i] = left.mapping()[i];
      }
      for (int i = 0; i < rightWidth; i++) {
        int target = right.mapping()[i];
        combined[leftWidth + i] = target < 0 ? -1 : newLeftWidth + target;
      }
      Join pruned =
          new Join(
              left.plan(),
              right.plan(),
              join.type(),
              join.leftKeys().stream().map(k -> left.mapping()[k]).toList(),
              join.rightKeys().stream().map(k -> right.mapping()[k]).toList(),
              remap(join.residual(), combined));
      int[] mapping = join.type().outputsRight() ? combined : left.mapping();
      return new Pruned(pruned, mapping);
    }
    if (plan instanceof Sort sort) {
      Pruned input = prune(sort.input(), withKeys(required, sort.keys()));
      return new Pruned(
          new Sort(input.plan(), remapKeys(sort.keys(), input.mapping())), input.mapping());
    }
    if (plan instanceof TopN topN) {
      Pruned input = prune(topN.input(), withKeys(required, topN.keys()));
      return new Pruned(
          new TopN(input.plan(), remapKeys(topN.keys(), input.mapping()), topN.count()),
          input.mapping());
    }
    if (plan instanceof dev.locus.core.plan.PlatformHint hint) {
      Pruned input = prune(hint.input(), required);
      return new Pruned(
          new dev.locus.core.plan.PlatformHint(input.plan(), hint.platform()), input.mapping());
    }
    if (plan instanceof Limit limit) {
      Pruned input = prune(limit.input(), required);
      return new Pruned(new Limit(input.plan(), limit.offset(), limit.count()), input.mapping());
    }
    // Every other node needs all of its inputs' columns and keeps its own.
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : plan.inputs()) {
      BitSet all = new BitSet();
      all.set(0, input.schema().size());
      inputs.add(prune(input, all).plan());
    }
    int[] identity = new int[plan.schema().size()];
    Arrays.setAll(identity, i -> i);
    return new Pruned(inputs.isEmpty() ? plan : plan.withInputs(inputs), identity);
  }

  private static BitSet withKeys(BitSet required, List<SortKey> keys) {
    BitSet needed = copy(required);
    keys.forEach(key -> needed.set(key.column()));
    return needed;
  }

  private static List<SortKey> remapKeys(List<SortKey> keys, int[] mapping) {
    return keys.stream()
        .map(key -> new SortKey(mapping[key.column()], key.ascending(), key.nullsFirst()))
        .toList();
  }

  private static RowExpression remap(RowExpression expression, int[] mapping) {
    return RowExpressions.remap(
        expression,
        index -> {
          int target = mapping[index];
          if (target < 0) {
            throw new IllegalStateException("Column " + index + " was pruned but is used");
          }
          return target;
        });
  }

  private static BitSet copy(BitSet bits) {
    return (BitSet) bits.clone();
  }

  private static boolean isIdentity(int[] mapping) {
    for (int i = 0; i < mapping.length; i++) {
      if (mapping[i] != i) {
        return false;
      }
    }
    return true;
  }
}
