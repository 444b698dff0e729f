package dev.locus.adapters.flink.plugin;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * TRUE, or an error when a scalar subquery yielded more than one row (Locus's {@code
 * SINGLE_VALUE}). Not deterministic, so that the planner neither folds nor drops it.
 */
public final class SingleValueCheck extends ScalarFunction {
  public Boolean eval(Long count) {
    if (count != null && count > 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Scalar subquery must yield at most one row; found " + count + " rows");
    }
    return Boolean.TRUE;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }
}
