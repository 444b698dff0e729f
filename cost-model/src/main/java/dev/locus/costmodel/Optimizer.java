package dev.locus.costmodel;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.PlatformHint;
import dev.locus.core.plan.Scan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a platform for every operator of a plan: the assignment of least estimated cost, found by
 * dynamic programming over the tree (for each node and platform, the cheapest way to compute the
 * node's subtree with the node on that platform).
 *
 * <p>Costs, in milliseconds, from each platform's {@link PlatformCosts}: per operator, its rows in
 * (or out, if more) times the platform's cost per row; moving rows between platforms costs the
 * sender's "out" and the receiver's "in" per row (no "in" for a table the platform reads where it
 * lives, {@link Platform#readsDirectly}); each sub-plan sent to a platform other than native pays
 * that platform's start-up once. A table scanned outside the database that holds it pays the
 * database's "out" for all its rows. A non-native platform runs whole subtrees: its inputs run
 * there too (a database cannot read Locus's rows), and the native engine takes any input.
 *
 * <p>Row estimates come from {@link CardinalityModel} (sampled statistics of the sources).
 */
public final class Optimizer {
  public static final String NATIVE = "native";
  public static final String AUTO = "auto";

  private final PlatformCosts nativeCosts;
  private final List<Platform> platforms;
  private final Map<String, String> unavailable;

  /**
   * @param platforms the non-native platforms that can be used
   * @param unavailable platforms that exist but could not be started, with the reason (shown by
   *     explain and in the error when forced)
   */
  public Optimizer(
      PlatformCosts nativeCosts, List<Platform> platforms, Map<String, String> unavailable) {
    this.nativeCosts = requireNonNull(nativeCosts, "nativeCosts is null");
    this.platforms = List.copyOf(requireNonNull(platforms, "platforms is null"));
    this.unavailable = Map.copyOf(requireNonNull(unavailable, "unavailable is null"));
  }

  /** The names users may force: native, the available platforms, and auto. */
  public List<String> platformNames() {
    List<String> names = new ArrayList<>();
    names.add(NATIVE);
    platforms.forEach(platform -> names.add(platform.name()));
    return names;
  }

  /**
   * The plan to execute, with every non-native sub-plan replaced by a scan of its platform's
   * result, and what was chosen and why.
   *
   * @param forced a platform every operator must run on, or {@code null}/{@code auto} to choose
   */
  public Optimized optimize(LogicalPlan hintedPlan, String forced) {
    String force = forced == null ? AUTO : forced.toLowerCase(Locale.ROOT);
    IdentityHashMap<LogicalPlan, String> hints = new IdentityHashMap<>();
    LogicalPlan plan = PlatformHint.strip(hintedPlan, hints);
    for (String hint : hints.values()) {
      if (!hint.equals(NATIVE) && platform(hint).isEmpty()) {
        throw unknownPlatform(hint);
      }
    }
    if (!force.equals(AUTO) && !force.equals(NATIVE) && platform(force).isEmpty()) {
      throw unknownPlatform(forced);
    }
    IdentityHashMap<LogicalPlan, NodeCosts> costs = new IdentityHashMap<>();
    NodeCosts root = cost(plan, force, hints, costs, new CardinalityModel());
    String best = null;
    double bestTotal = Double.POSITIVE_INFINITY;
    Map<String, Double> totals = new LinkedHashMap<>();
    for (Map.Entry<String, Double> entry : root.best.entrySet()) {
      double total = entry.getValue() + boundary(entry.getKey(), root.rows);
      totals.put(entry.getKey(), total);
      if (total < bestTotal) {
        best = entry.getKey();
        bestTotal = total;
      }
    }
    if (best == null) {
      throw forcedFailure(plan, force, costs, hints);
    }
    IdentityHashMap<LogicalPlan, String> assignment = new IdentityHashMap<>();
    assign(plan, best, costs, assignment);
    LogicalPlan executable = rewrite(plan, true, assignment);
    return new Optimized(
        plan, executable, assignment, costs, totals, bestTotal, unavailable, this::parameters);
  }

  /**
   * Per platform, the cost parameters the choice used, with the platform's configuration (for
   * explain only: not made for every query).
   */
  private Map<String, String> parameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put(NATIVE, describe(nativeCosts, ""));
    for (Platform platform : platforms) {
      parameters.put(platform.name(), describe(platform.costs(), platform.configuration()));
    }
    return parameters;
  }

  private static String describe(PlatformCosts costs, String configuration) {
    return (configuration.isEmpty() ? "" : "(" + configuration + ") ")
        + String.format(
            Locale.ROOT,
            "start-up %.1f ms, %.1f ms per million rows per operator, in %.1f ms and out %.1f ms"
                + " per million rows",
            costs.startupMillis(),
            costs.millisPerMillionRows(),
            costs.millisPerMillionRowsIn(),
            costs.millisPerMillionRowsOut());
  }

  private LocusException unknownPlatform(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Unknown platform '"
            + name
            + "'"
            + (unavailable.containsKey(key)
                ? ": it could not be started (" + unavailable.get(key) + ")"
                : "")
            + "; available: "
            + platformNames()
            + " or auto");
  }

  private Optional<Platform> platform(String name) {
    for (Platform platform : platforms) {
      if (platform.name().equals(name)) {
        return Optional.of(platform);
      }
    }
    return Optional.empty();
  }

  private PlatformCosts costsOf(String name) {
    return name.equals(NATIVE) ? nativeCosts : platform(name).orElseThrow().costs();
  }

  /** Sending a sub-plan's result from {@code platform} to the native engine. */
  private double boundary(String platform, long rows) {
    if (platform.equals(NATIVE)) {
      return 0;
    }
    PlatformCosts costs = costsOf(platform);
    return costs.startupMillis() + costs.millisPerMillionRowsOut() * rows / 1e6;
  }

  /** Per node: the cheapest cost of its subtree with the node on each feasible platform. */
  static final class NodeCosts {
    final long rows;
    final Confidence confidence;
    final Map<String, Double> best = new LinkedHashMap<>();
    final Map<String, String> reasons = new LinkedHashMap<>();

    NodeCosts(long rows, Confidence confidence) {
      this.rows = rows;
      this.confidence = confidence;
    }
  }

  private NodeCosts cost(
      LogicalPlan node,
      String force,
      IdentityHashMap<LogicalPlan, String> hints,
      IdentityHashMap<LogicalPlan, NodeCosts> costs,
      CardinalityModel model) {
    List<NodeCosts> inputs = new ArrayList<>();
    long rowsIn = 0;
    for (LogicalPlan input : node.inputs()) {
      NodeCosts inputCosts = cost(input, force, hints, costs, model);
      inputs.add(inputCosts);
      rowsIn += inputCosts.rows;
    }
    Estimate estimate = model.estimate(node);
    long rows = estimate.rowCount();
    double work = Math.max(rowsIn, rows) / 1e6;
    NodeCosts result = new NodeCosts(rows, estimate.confidence());
    Optional<Platform> holder = node instanceof Scan ? holder((Scan) node) : Optional.empty();
    String required = hints.get(node);

    // Native: takes each input from wherever it is cheapest.
    if (required != null && !required.equals(NATIVE)) {
      result.reasons.put(NATIVE, "withPlatform asks for " + required);
    } else if (force.equals(AUTO) || force.equals(NATIVE) || NATIVE.equals(required)) {
      double cost = nativeCosts.millisPerMillionRows() * work;
      for (NodeCosts input : inputs) {
        double cheapest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> entry : input.best.entrySet()) {
          cheapest = Math.min(cheapest, entry.getValue() + boundary(entry.getKey(), input.rows));
        }
        cost += cheapest;
      }
      if (holder.isPresent()) {
        cost += holder.get().costs().millisPerMillionRowsOut() * rows / 1e6;
      }
      result.best.put(NATIVE, cost);
    } else {
      result.reasons.put(NATIVE, "the query is forced onto " + force);
    }
    for (Platform platform : platforms) {
      String name = platform.name();
      if (required != null && !required.equals(name)) {
        result.reasons.put(name, "withPlatform asks for " + required);
        continue;
      }
      if (required == null && !force.equals(AUTO) && !force.equals(name)) {
        result.reasons.put(name, "the query is forced onto " + force);
        continue;
      }
      // Inputs first: a platform that cannot run an input cannot run the node (and asking the
      // platform about the node may analyze its whole subtree).
      Optional<String> reason = Optional.empty();
      for (int i = 0; i < inputs.size() && reason.isEmpty(); i++) {
        if (!inputs.get(i).best.containsKey(name)) {
          reason =
              Optional.of(
                  "its input "
                      + node.inputs().get(i).operatorName()
                      + " cannot run on "
                      + name
                      + " ("
                      + inputs.get(i).reasons.get(name)
                      + ")");
        }
      }
      if (reason.isEmpty()) {
        reason = platform.cannotRun(node);
      }
      if (reason.isPresent()) {
        result.reasons.put(name, reason.get());
        continue;
      }
      PlatformCosts platformCosts = platform.costs();
      double cost = platformCosts.millisPerMillionRows() * work;
      for (NodeCosts input : inputs) {
        cost += input.best.get(name);
      }
      if (node instanceof Scan && (holder.isEmpty() || holder.get() != platform)) {
        if (!platform.readsDirectly((Scan) node)) {
          cost += platformCosts.millisPerMillionRowsIn() * rows / 1e6;
        }
        if (holder.isPresent()) {
          cost += holder.get().costs().millisPerMillionRowsOut() * rows / 1e6;
        }
      }
      result.best.put(name, cost);
    }
    costs.put(node, result);
    return result;
  }

  /** The database platform that holds a scanned table, if any: scanning elsewhere moves it out. */
  private Optional<Platform> holder(Scan scan) {
    for (Platform platform : platforms) {
      if (platform.name().equals("jdbc") && platform.cannotRun(scan).isEmpty()) {
        return Optional.of(platform);
      }
    }
    return Optional.empty();
  }

  private void assign(
      LogicalPlan node,
      String platform,
      IdentityHashMap<LogicalPlan, NodeCosts> costs,
      IdentityHashMap<LogicalPlan, String> assignment) {
    assignment.put(node, platform);
    for (LogicalPlan input : node.inputs()) {
      String chosen = platform;
      if (platform.equals(NATIVE)) {
        NodeCosts inputCosts = costs.get(input);
        double cheapest = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> entry : inputCosts.best.entrySet()) {
          double total = entry.getValue() + boundary(entry.getKey(), inputCosts.rows);
          if (total < cheapest) {
            cheapest = total;
            chosen = entry.getKey();
          }
        }
      }
      assign(input, chosen, costs, assignment);
    }
  }

  private LogicalPlan rewrite(
      LogicalPlan node, boolean parentNative, IdentityHashMap<LogicalPlan, String> assignment) {
    String platform = assignment.get(node);
    if (!platform.equals(NATIVE)) {
      return parentNative ? Scan.of(platform(platform).orElseThrow().run(node)) : node;
    }
    List<LogicalPlan> inputs = new ArrayList<>();
    for (LogicalPlan input : node.inputs()) {
      inputs.add(rewrite(input, true, assignment));
    }
    return inputs.isEmpty() ? node : node.withInputs(inputs);
  }

  /** The error for a forced platform: the deepest operator it cannot run, and why. */
  private static LocusException forcedFailure(
      LogicalPlan plan,
      String force,
      IdentityHashMap<LogicalPlan, NodeCosts> costs,
      IdentityHashMap<LogicalPlan, String> hints) {
    // The deepest operator that no allowed platform can run.
    LogicalPlan blocking = plan;
    boolean descended = true;
    while (descended) {
      descended = false;
      for (LogicalPlan input : blocking.inputs()) {
        if (costs.get(input).best.isEmpty()) {
          blocking = input;
          descended = true;
          break;
        }
      }
    }
    String asked = hints.getOrDefault(blocking, force);
    if (asked.equals(AUTO)) {
      asked = costs.get(blocking).reasons.keySet().stream().findFirst().orElse(NATIVE);
    }
    return new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Platform "
            + asked
            + " cannot run "
            + blocking.describe()
            + ": "
            + costs.get(blocking).reasons.get(asked));
  }
}
