package dev.locus.costmodel;

import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.platform.PlatformFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platforms on the class path ({@link PlatformFactory} services), created once with their
 * options from system properties {@code locus.platform.<name>.<option>} (for example {@code
 * -Dlocus.platform.spark.spark.master=spark://host:7077}) and their costs from the calibration file
 * when it has them. A platform that cannot start is left out, with its reason kept for explain and
 * for the error when a user forces it.
 */
public final class Platforms implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platforms.class);

  private final List<Platform> platforms;
  private final Map<String, String> unavailable;
  private final CostCalibration calibration;

  private Platforms(
      List<Platform> platforms, Map<String, String> unavailable, CostCalibration calibration) {
    this.platforms = platforms;
    this.unavailable = unavailable;
    this.calibration = calibration;
  }

  public static Platforms load() {
    List<Platform> platforms = new ArrayList<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    for (PlatformFactory factory : ServiceLoader.load(PlatformFactory.class)) {
      try {
        platforms.add(factory.create(options(factory.name())));
      } catch (RuntimeException | LinkageError e) {
        // A platform that cannot start must not take the native engine down with it.
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warn("Platform {} is unavailable: {}", factory.name(), reason, e);
        unavailable.put(factory.name(), reason);
      }
    }
    return new Platforms(platforms, unavailable, CostCalibration.load());
  }

  private static Map<String, String> options(String platform) {
    String prefix = "locus.platform." + platform + ".";
    Map<String, String> options = new LinkedHashMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(prefix)) {
        options.put(key.substring(prefix.length()), System.getProperty(key));
      }
    }
    return options;
  }

  /** An optimizer over these platforms, with calibrated costs where there are some. */
  public Optimizer optimizer() {
    List<Platform> calibrated = new ArrayList<>();
    for (Platform platform : platforms) {
      calibrated.add(
          calibration
              .costs(platform.name(), platform.configuration())
              .<Platform>map(costs -> new CalibratedPlatform(platform, costs))
              .orElse(platform));
    }
    PlatformCosts nativeCosts =
        calibration.costs(Optimizer.NATIVE).orElseGet(CostCalibration::nativeDefaults);
    return new Optimizer(nativeCosts, calibrated, unavailable);
  }

  public List<Platform> platforms() {
    return List.copyOf(platforms);
  }

  @Override
  public void close() {
    for (Platform platform : platforms) {
      try {
        platform.close();
      } catch (Exception e) {
        LOG.warn("Closing platform {} failed: {}", platform.name(), e.getMessage(), e);
      }
    }
  }
}
