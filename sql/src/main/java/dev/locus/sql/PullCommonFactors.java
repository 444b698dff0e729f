package dev.locus.sql;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;

/**
 * Pulls the conditions every branch of an OR shares out of it: {@code (a = b AND x) OR (a = b AND
 * y)} becomes {@code a = b AND (x OR y)}, so the join key {@code a = b} of TPC-H Q19 becomes a hash
 * join key and shared single-table conditions can move down to their scans.
 */
final class PullCommonFactors extends RelHomogeneousShuttle {
  @Override
  public RelNode visit(RelNode other) {
    RelNode node = super.visit(other);
    if (node instanceof LogicalFilter filter) {
      RexNode pulled = pull(filter, filter.getCondition());
      return pulled == filter.getCondition()
          ? node
          : filter.copy(filter.getTraitSet(), filter.getInput(), pulled);
    }
    if (node instanceof LogicalJoin join) {
      RexNode pulled = pull(join, join.getCondition());
      return pulled == join.getCondition()
          ? node
          : join.copy(
              join.getTraitSet(),
              pulled,
              join.getLeft(),
              join.getRight(),
              join.getJoinType(),
              join.isSemiJoinDone());
    }
    return node;
  }

  private static RexNode pull(RelNode node, RexNode condition) {
    RexNode pulled = RexUtil.pullFactors(node.getCluster().getRexBuilder(), condition);
    return pulled.equals(condition) ? condition : pulled;
  }
}
