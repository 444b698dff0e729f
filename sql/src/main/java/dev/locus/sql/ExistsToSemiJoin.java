package dev.locus.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns correlated EXISTS and NOT EXISTS subqueries whose correlation is only in filters into semi
 * and anti joins, with the correlated predicates as the join condition. Calcite's general
 * decorrelator would instead join the subquery with every distinct outer row (a "value generator"),
 * computing the outer side twice; TPC-H Q21 and Q22 have this shape.
 *
 * <p>Shapes handled (as Calcite's subquery removal makes them):
 *
 * <ul>
 *   <li>{@code Correlate(SEMI|ANTI, outer, subquery)};
 *   <li>{@code Filter(IS [NOT] NULL($i) AND rest, Correlate(LEFT, outer, Aggregate(group $0,
 *       Project(TRUE, subquery))))}, {@code $i} being the flag column of that aggregate.
 * </ul>
 *
 * where the subquery is filters (correlated or not) over a correlation-free plan, possibly under
 * projections and a grouping without aggregates (which do not change whether a row exists).
 */
final class ExistsToSemiJoin extends RelHomogeneousShuttle {
  @Override
  public RelNode visit(RelNode other) {
    RelNode node = super.visit(other);
    if (node instanceof LogicalCorrelate correlate
        && (correlate.getJoinType() == JoinRelType.SEMI
            || correlate.getJoinType() == JoinRelType.ANTI)) {
      RelNode join = semiJoin(correlate, correlate.getJoinType());
      return join == null ? node : join;
    }
    if (node instanceof LogicalCorrelate correlate
        && correlate.getJoinType() == JoinRelType.INNER
        && isExistsFlag(correlate.getRight())) {
      // The flag subquery yields at most one row per outer row: a semi join plus a TRUE column.
      RelNode join = semiJoin(correlate, JoinRelType.SEMI);
      return join == null ? node : withFlag(join, correlate, true);
    }
    if (node instanceof LogicalFilter filter
        && filter.getInput() instanceof LogicalCorrelate correlate
        && correlate.getJoinType() == JoinRelType.LEFT
        && isExistsFlag(correlate.getRight())) {
      RelNode rewritten = filterOverExists(filter, correlate);
      return rewritten == null ? node : rewritten;
    }
    return node;
  }

  /** {@code Aggregate(group $0, Project(TRUE, ...))}: the flag EXISTS becomes. */
  private static boolean isExistsFlag(RelNode right) {
    return right instanceof LogicalAggregate aggregate
        && aggregate.getAggCallList().isEmpty()
        && aggregate.getGroupSet().asList().equals(List.of(0))
        && aggregate.getInput() instanceof LogicalProject project
        && project.getProjects().size() == 1
        && project.getProjects().get(0).isAlwaysTrue();
  }

  private static RelNode filterOverExists(LogicalFilter filter, LogicalCorrelate correlate) {
    int flag = correlate.getLeft().getRowType().getFieldCount();
    JoinRelType type = null;
    List<RexNode> rest = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      JoinRelType test = flagTest(conjunct, flag);
      if (type == null && test != null) {
        type = test;
      } else if (RelOptUtil.InputFinder.bits(conjunct).get(flag)) {
        return null;
      } else {
        rest.add(conjunct);
      }
    }
    if (type == null) {
      return null;
    }
    RelNode join = semiJoin(correlate, type);
    if (join == null) {
      return null;
    }
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    RelNode input = join;
    if (!rest.isEmpty()) {
      input = LogicalFilter.create(join, RexUtil.composeConjunction(rexBuilder, rest));
    }
    return withFlag(input, correlate, type == JoinRelType.SEMI);
  }

  /** Restores the correlate's row type: the outer columns, then the flag as a constant. */
  private static RelNode withFlag(RelNode input, LogicalCorrelate correlate, boolean exists) {
    RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
    int flag = correlate.getLeft().getRowType().getFieldCount();
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < flag; i++) {
      projects.add(rexBuilder.makeInputRef(input, i));
    }
    RelDataTypeField flagField = correlate.getRowType().getFieldList().get(flag);
    projects.add(
        exists
            ? rexBuilder.makeCast(flagField.getType(), rexBuilder.makeLiteral(true))
            : rexBuilder.makeNullLiteral(flagField.getType()));
    return LogicalProject.create(
        input, List.of(), projects, correlate.getRowType().getFieldNames(), Set.of());
  }

  /** SEMI for {@code $flag IS NOT NULL}, ANTI for {@code $flag IS NULL}, else null. */
  private static JoinRelType flagTest(RexNode conjunct, int flag) {
    boolean negated = false;
    RexNode test = conjunct;
    if (test.getKind() == SqlKind.NOT) {
      negated = true;
      test = ((RexCall) test).getOperands().get(0);
    }
    if (!(test.getKind() == SqlKind.IS_NULL || test.getKind() == SqlKind.IS_NOT_NULL)) {
      return null;
    }
    RexNode operand = ((RexCall) test).getOperands().get(0);
    if (!(operand instanceof RexInputRef ref) || ref.getIndex() != flag) {
      return null;
    }
    boolean isNull = (test.getKind() == SqlKind.IS_NULL) != negated;
    return isNull ? JoinRelType.ANTI : JoinRelType.SEMI;
  }

  /** The correlate as a semi or anti join, or null when its subquery has another shape. */
  private static RelNode semiJoin(LogicalCorrelate correlate, JoinRelType type) {
    RelNode inner = correlate.getRight();
    while (inner instanceof LogicalProject
        || (inner instanceof LogicalAggregate aggregate
            && aggregate.getAggCallList().isEmpty()
            && !aggregate.getGroupSet().isEmpty())) {
      inner = inner.getInput(0);
    }
    List<RexNode> conditions = new ArrayList<>();
    while (inner instanceof LogicalFilter filter) {
      conditions.addAll(RelOptUtil.conjunctions(filter.getCondition()));
      inner = filter.getInput();
    }
    if (conditions.isEmpty() || usesCorrelation(inner)) {
      return null;
    }
    CorrelationId id = correlate.getCorrelationId();
    RelNode left = correlate.getLeft();
    int leftCount = left.getRowType().getFieldCount();
    RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
    boolean[] foreign = {false};
    RexShuttle rewrite =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(leftCount + ref.getIndex(), ref.getType());
          }

          @Override
          public RexNode visitFieldAccess(RexFieldAccess access) {
            if (access.getReferenceExpr() instanceof RexCorrelVariable variable
                && variable.id.equals(id)) {
              int index = access.getField().getIndex();
              return rexBuilder.makeInputRef(left, index);
            }
            foreign[0] = true;
            return super.visitFieldAccess(access);
          }

          @Override
          public RexNode visitCorrelVariable(RexCorrelVariable variable) {
            foreign[0] = true;
            return variable;
          }
        };
    List<RexNode> rewritten = new ArrayList<>();
    for (RexNode condition : conditions) {
      rewritten.add(condition.accept(rewrite));
    }
    if (foreign[0]) {
      return null;
    }
    return LogicalJoin.create(
        left, inner, List.of(), RexUtil.composeConjunction(rexBuilder, rewritten), Set.of(), type);
  }

  private static boolean usesCorrelation(RelNode node) {
    boolean[] found = {false};
    node.accept(
        new RexShuttle() {
          @Override
          public RexNode visitCorrelVariable(RexCorrelVariable variable) {
            found[0] = true;
            return variable;
          }
        });
    if (found[0]) {
      return true;
    }
    for (RelNode input : node.getInputs()) {
      if (usesCorrelation(input)) {
        return true;
      }
    }
    return false;
  }
}
