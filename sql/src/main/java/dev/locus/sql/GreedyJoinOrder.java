package dev.locus.sql;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders the inner joins of a {@link MultiJoin} greedily (GOO): repeatedly joins the two connected
 * parts whose join is estimated smallest, which builds bushy trees that keep intermediate results
 * small.
 *
 * <p>Sizes: a factor's rows are Calcite's estimate (filters included). A join on a unique key of
 * one side (a primary key a source declares) keeps the other side's rows, scaled by the fraction of
 * the key side's table that survived its filters. A join on keys unique on neither side is taken as
 * large ({@code 10%} of the cross product): without distinct counts that is the safe guess, and it
 * keeps TPC-H Q5's customer-supplier join on the nation key last. The statistics of the optimizer
 * (distinct counts, histograms) will replace these rules.
 */
final class GreedyJoinOrder extends RelHomogeneousShuttle {
  private static final double MANY_TO_MANY = 0.1;

  @Override
  public RelNode visit(RelNode other) {
    RelNode node = super.visit(other);
    if (node instanceof MultiJoin multiJoin && isInnerOnly(multiJoin)) {
      return order(multiJoin);
    }
    return node;
  }

  private static boolean isInnerOnly(MultiJoin join) {
    if (join.isFullOuterJoin() || join.getPostJoinFilter() != null) {
      return false;
    }
    for (JoinRelType type : join.getJoinTypes()) {
      if (type != JoinRelType.INNER) {
        return false;
      }
    }
    for (ImmutableBitSet fields : join.getProjFields()) {
      if (fields != null) {
        return false;
      }
    }
    return true;
  }

  /** A joined part: its plan, the factors in it and, per output column, the global field. */
  private record Part(RelNode rel, BitSet factors, List<Integer> fields, double rows) {}

  private static RelNode order(MultiJoin join) {
    RelMetadataQuery mq = join.getCluster().getMetadataQuery();
    RexBuilder rexBuilder = join.getCluster().getRexBuilder();
    List<RelNode> inputs = join.getInputs();
    int[] factorOf = new int[join.getRowType().getFieldCount()];
    double[] baseRows = new double[inputs.size()];
    List<Part> parts = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < inputs.size(); i++) {
      RelNode input = inputs.get(i);
      List<Integer> fields = new ArrayList<>();
      for (int f = 0; f < input.getRowType().getFieldCount(); f++) {
        factorOf[offset + f] = i;
        fields.add(offset + f);
      }
      offset += fields.size();
      BitSet factors = new BitSet();
      factors.set(i);
      double rows = rows(mq, input);
      baseRows[i] = Math.max(rows, rows(mq, unfiltered(input)));
      parts.add(new Part(input, factors, fields, rows));
    }
    List<RexNode> conditions = new ArrayList<>(RelOptUtil.conjunctions(join.getJoinFilter()));
    conditions.removeIf(RexNode::isAlwaysTrue);
    while (parts.size() > 1) {
      int bestA = -1;
      int bestB = -1;
      double best = Double.MAX_VALUE;
      double bestSmaller = Double.MAX_VALUE;
      boolean bestConnected = false;
      for (int a = 0; a < parts.size(); a++) {
        for (int b = a + 1; b < parts.size(); b++) {
          Part left = parts.get(a);
          Part right = parts.get(b);
          List<RexNode> keys = equiConditions(conditions, left, right, factorOf);
          boolean connected = !keys.isEmpty();
          double estimate =
              connected
                  ? estimate(mq, left, right, keys, factorOf, baseRows)
                  : left.rows() * right.rows();
          double smaller = Math.min(left.rows(), right.rows());
          // Ties (common with guessed selectivities) go to the join of the smaller parts, so
          // filtered dimensions meet their fact table first.
          boolean better =
              (connected && !bestConnected)
                  || (connected == bestConnected
                      && (estimate < best || (estimate == best && smaller < bestSmaller)));
          if (better) {
            bestA = a;
            bestB = b;
            best = estimate;
            bestSmaller = smaller;
            bestConnected = connected;
          }
        }
      }
      Part first = parts.get(bestA);
      Part second = parts.get(bestB);
      // The larger part probes; Locus builds its hash table from the smaller.
      Part left = first.rows() >= second.rows() ? first : second;
      Part right = left == first ? second : first;
      BitSet factors = (BitSet) left.factors().clone();
      factors.or(right.factors());
      List<RexNode> applicable = new ArrayList<>();
      for (RexNode condition : conditions) {
        if (within(condition, factors, factorOf)) {
          applicable.add(condition);
        }
      }
      conditions.removeAll(applicable);
      List<Integer> fields = new ArrayList<>(left.fields());
      fields.addAll(right.fields());
      RexNode condition = RexUtil.composeConjunction(rexBuilder, remap(applicable, fields, join));
      RelNode rel =
          LogicalJoin.create(
              left.rel(), right.rel(), List.of(), condition, Set.of(), JoinRelType.INNER);
      parts.remove(first);
      parts.remove(second);
      parts.add(new Part(rel, factors, fields, Math.max(best, 1)));
    }
    Part result = parts.get(0);
    RelNode rel = result.rel();
    if (!conditions.isEmpty()) {
      rel =
          LogicalFilter.create(
              rel,
              RexUtil.composeConjunction(rexBuilder, remap(conditions, result.fields(), join)));
    }
    // Back to the multi-join's column order.
    List<RexNode> projects = new ArrayList<>();
    for (int g = 0; g < factorOf.length; g++) {
      projects.add(rexBuilder.makeInputRef(rel, result.fields().indexOf(g)));
    }
    return LogicalProject.create(
        rel, List.of(), projects, join.getRowType().getFieldNames(), Set.of());
  }

  private static double rows(RelMetadataQuery mq, RelNode rel) {
    Double rows = mq.getRowCount(rel);
    return rows == null ? 1_000_000 : Math.max(rows, 1);
  }

  /** The table under a factor's filters and projections, for the fraction that survives. */
  private static RelNode unfiltered(RelNode rel) {
    RelNode node = rel;
    while (node instanceof LogicalFilter || node instanceof LogicalProject) {
      node = node.getInput(0);
    }
    return node instanceof TableScan ? node : rel;
  }

  /** Conditions {@code x = y} with x in one part and y in the other. */
  private static List<RexNode> equiConditions(
      List<RexNode> conditions, Part left, Part right, int[] factorOf) {
    List<RexNode> keys = new ArrayList<>();
    for (RexNode condition : conditions) {
      if (condition.getKind() != SqlKind.EQUALS) {
        continue;
      }
      List<RexNode> operands = ((RexCall) condition).getOperands();
      if (!(operands.get(0) instanceof RexInputRef x)
          || !(operands.get(1) instanceof RexInputRef y)) {
        continue;
      }
      int fx = factorOf[x.getIndex()];
      int fy = factorOf[y.getIndex()];
      if ((left.factors().get(fx) && right.factors().get(fy))
          || (left.factors().get(fy) && right.factors().get(fx))) {
        keys.add(condition);
      }
    }
    return keys;
  }

  private static double estimate(
      RelMetadataQuery mq,
      Part left,
      Part right,
      List<RexNode> keys,
      int[] factorOf,
      double[] baseRows) {
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    for (RexNode key : keys) {
      for (RexNode operand : ((RexCall) key).getOperands()) {
        int field = ((RexInputRef) operand).getIndex();
        if (left.factors().get(factorOf[field])) {
          leftKeys.add(field);
        } else {
          rightKeys.add(field);
        }
      }
    }
    if (isUnique(mq, right, rightKeys)) {
      return left.rows() * survivingFraction(right, rightKeys, factorOf, baseRows);
    }
    if (isUnique(mq, left, leftKeys)) {
      return right.rows() * survivingFraction(left, leftKeys, factorOf, baseRows);
    }
    return left.rows() * right.rows() * MANY_TO_MANY;
  }

  private static boolean isUnique(RelMetadataQuery mq, Part part, List<Integer> globalKeys) {
    ImmutableBitSet.Builder local = ImmutableBitSet.builder();
    for (int field : globalKeys) {
      local.set(part.fields().indexOf(field));
    }
    return Boolean.TRUE.equals(mq.areColumnsUnique(part.rel(), local.build()));
  }

  /** The part's rows relative to the table its key comes from, at most 1. */
  private static double survivingFraction(
      Part part, List<Integer> keys, int[] factorOf, double[] baseRows) {
    double base = 1;
    for (int key : keys) {
      base = Math.max(base, baseRows[factorOf[key]]);
    }
    return Math.min(1, part.rows() / base);
  }

  private static boolean within(RexNode condition, BitSet factors, int[] factorOf) {
    for (int field : RelOptUtil.InputFinder.bits(condition)) {
      if (!factors.get(factorOf[field])) {
        return false;
      }
    }
    return true;
  }

  /** Rewrites global field references to positions in {@code fields}. */
  private static List<RexNode> remap(List<RexNode> conditions, List<Integer> fields, RelNode join) {
    RexShuttle shuttle =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(fields.indexOf(ref.getIndex()), ref.getType());
          }
        };
    List<RexNode> result = new ArrayList<>();
    for (RexNode condition : conditions) {
      result.add(condition.accept(shuttle));
    }
    return result;
  }
}
