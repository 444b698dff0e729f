package dev.locus.adapters.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Runs one plan natively and on a platform and compares the two results value by value. */
final class PlanComparison {
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private PlanComparison() {}

  /**
   * Checks that {@code platform} gives {@code plan}'s rows as Locus's own engine does: the same
   * schema (names, types), the same rows (in order when {@code ordered}), decimals equal to the
   * last digit, doubles within a relative 1e-9.
   */
  static void assertSameResult(
      Locus locus, Platform platform, LogicalPlan plan, boolean ordered, String label) {
    for (LogicalPlan node : nodes(plan)) {
      assertThat(platform.cannotRun(node)).as("%s: %s", label, node.describe()).isEmpty();
    }
    QueryResult expected = locus.execute(plan);
    QueryResult actual = locus.read(platform.run(plan)).execute();
    assertThat(actual.schema()).as(label + ": schema").isEqualTo(plan.schema());
    assertThat(actual.rows()).as(label + ": row count").hasSameSizeAs(expected.rows());
    List<List<Object>> expectedRows = expected.rows();
    List<List<Object>> actualRows = actual.rows();
    if (!ordered) {
      expectedRows = sorted(expectedRows);
      actualRows = sorted(actualRows);
    }
    for (int row = 0; row < expectedRows.size(); row++) {
      List<Object> want = expectedRows.get(row);
      List<Object> got = actualRows.get(row);
      for (int column = 0; column < want.size(); column++) {
        assertThat(valuesEqual(want.get(column), got.get(column)))
            .as("%s: row %d, column %d: expected %s, found %s", label, row, column, want, got)
            .isTrue();
      }
    }
  }

  static List<LogicalPlan> nodes(LogicalPlan plan) {
    List<LogicalPlan> nodes = new ArrayList<>();
    collect(plan, nodes);
    return nodes;
  }

  private static void collect(LogicalPlan plan, List<LogicalPlan> nodes) {
    nodes.add(plan);
    for (LogicalPlan input : plan.inputs()) {
      collect(input, nodes);
    }
  }

  private static boolean valuesEqual(Object expected, Object actual) {
    if (expected instanceof Double want && actual instanceof Double got) {
      if (want.equals(got)) {
        return true;
      }
      double scale = Math.max(1, Math.max(Math.abs(want), Math.abs(got)));
      return Math.abs(want - got) <= RELATIVE_TOLERANCE * scale;
    }
    return Objects.equals(expected, actual);
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
