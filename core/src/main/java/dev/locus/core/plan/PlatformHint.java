package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Asks the optimizer to run {@code input}'s top operator on one platform ({@code
 * Table.withPlatform}). It passes its input's rows through unchanged and is gone from the plan that
 * executes.
 */
public record PlatformHint(LogicalPlan input, String platform) implements LogicalPlan {
  public PlatformHint {
    requireNonNull(input, "input is null");
    requireNonNull(platform, "platform is null");
  }

  @Override
  public Schema schema() {
    return input.schema();
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new PlatformHint(inputs.get(0), platform);
  }

  @Override
  public String describe() {
    return "PlatformHint[" + platform + "]";
  }

  /** The plan without hints, each hinted node's platform put in {@code hints} (by identity). */
  public static LogicalPlan strip(
      LogicalPlan plan, java.util.IdentityHashMap<LogicalPlan, String> hints) {
    if (plan instanceof PlatformHint hint) {
      LogicalPlan input = strip(hint.input(), hints);
      hints.put(input, hint.platform());
      return input;
    }
    List<LogicalPlan> inputs = new java.util.ArrayList<>();
    boolean changed = false;
    for (LogicalPlan input : plan.inputs()) {
      LogicalPlan stripped = strip(input, hints);
      changed |= stripped != input;
      inputs.add(stripped);
    }
    return changed ? plan.withInputs(inputs) : plan;
  }

  /** Whether the plan has a hint anywhere. */
  public static boolean present(LogicalPlan plan) {
    if (plan instanceof PlatformHint) {
      return true;
    }
    for (LogicalPlan input : plan.inputs()) {
      if (present(input)) {
        return true;
      }
    }
    return false;
  }
}
