package dev.locus.costmodel;

import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.source.Source;
import java.util.Optional;

/** A platform with the costs a calibration run measured on this machine. */
final class CalibratedPlatform implements Platform {
  private final Platform platform;
  private final PlatformCosts costs;

  CalibratedPlatform(Platform platform, PlatformCosts costs) {
    this.platform = platform;
    this.costs = costs;
  }

  @Override
  public String name() {
    return platform.name();
  }

  @Override
  public Optional<String> cannotRun(LogicalPlan node) {
    return platform.cannotRun(node);
  }

  @Override
  public Source run(LogicalPlan plan) {
    return platform.run(plan);
  }

  @Override
  public PlatformCosts costs() {
    return costs;
  }

  @Override
  public String configuration() {
    return platform.configuration();
  }

  @Override
  public boolean readsDirectly(Scan scan) {
    return platform.readsDirectly(scan);
  }
}
