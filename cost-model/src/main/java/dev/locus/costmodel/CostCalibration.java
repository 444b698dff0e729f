package dev.locus.costmodel;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Cost parameters per platform as {@code bin/locus calibrate} measured them on this machine, stored
 * in {@code ~/.locus/costs.properties} ({@code <platform>.startupMillis}, {@code
 * .millisPerMillionRows}, {@code .millisPerMillionRowsIn}, {@code .millisPerMillionRowsOut}). Where
 * a platform has no calibration, its own defaults apply (a calibration of the reference machine
 * shipped with it); the native defaults are in {@code native-costs.properties}.
 *
 * <p>A platform's costs are kept with its {@link Platform#configuration()} at the time ({@code
 * <platform>.configuration}): they apply only while the platform runs in that configuration (a
 * Spark calibration in local mode says nothing of a 64-core cluster).
 */
public final class CostCalibration {
  private final Map<String, PlatformCosts> costs;
  private final Map<String, String> configurations;

  private CostCalibration(Map<String, PlatformCosts> costs, Map<String, String> configurations) {
    this.costs = Map.copyOf(costs);
    this.configurations = Map.copyOf(configurations);
  }

  /** The default file: {@code ~/.locus/costs.properties}, or {@code locus.costs.file}. */
  public static Path defaultFile() {
    String configured = System.getProperty("locus.costs.file");
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".locus", "costs.properties");
  }

  /** The calibration in {@link #defaultFile()}, empty when there is none. */
  public static CostCalibration load() {
    return load(defaultFile());
  }

  public static CostCalibration load(Path file) {
    if (!Files.exists(file)) {
      return new CostCalibration(Map.of(), Map.of());
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot read the cost calibration " + file + ": " + e.getMessage(),
          e);
    }
    Map<String, String> configurations = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.endsWith(CONFIGURATION)) {
        configurations.put(
            key.substring(0, key.length() - CONFIGURATION.length()), properties.getProperty(key));
      }
    }
    return new CostCalibration(parse(properties, file.toString()), configurations);
  }

  private static final String CONFIGURATION = ".configuration";

  private static volatile PlatformCosts nativeDefaults;

  /** The shipped native defaults. */
  public static PlatformCosts nativeDefaults() {
    PlatformCosts known = nativeDefaults;
    if (known == null) {
      known = readNativeDefaults();
      nativeDefaults = known;
    }
    return known;
  }

  private static PlatformCosts readNativeDefaults() {
    Properties properties = new Properties();
    try (InputStream in = CostCalibration.class.getResourceAsStream("native-costs.properties")) {
      if (in == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "native-costs.properties is missing from locus-cost-model");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Cannot read native-costs.properties: " + e.getMessage(), e);
    }
    return parse(properties, "native-costs.properties").get("native");
  }

  private static Map<String, PlatformCosts> parse(Properties properties, String where) {
    Map<String, PlatformCosts> result = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.endsWith(".startupMillis")) {
        continue;
      }
      String platform = key.substring(0, key.length() - ".startupMillis".length());
      result.put(
          platform,
          new PlatformCosts(
              number(properties, platform + ".startupMillis", where),
              number(properties, platform + ".millisPerMillionRows", where),
              number(properties, platform + ".millisPerMillionRowsIn", where),
              number(properties, platform + ".millisPerMillionRowsOut", where)));
    }
    return result;
  }

  private static double number(Properties properties, String key, String where) {
    String value = properties.getProperty(key);
    if (value == null) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Cost calibration " + where + " lacks " + key);
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Cost calibration " + where + ": " + key + " must be a number; found '" + value + "'",
          e);
    }
  }

  /** The calibrated costs of a platform, if it was calibrated (in any configuration). */
  public Optional<PlatformCosts> costs(String platform) {
    return Optional.ofNullable(costs.get(platform));
  }

  /** The calibrated costs of a platform, if it was calibrated in {@code configuration}. */
  public Optional<PlatformCosts> costs(String platform, String configuration) {
    return configurations.getOrDefault(platform, "").equals(configuration)
        ? costs(platform)
        : Optional.empty();
  }

  /** This calibration with one platform's costs, measured in {@code configuration}, replaced. */
  public CostCalibration with(String platform, PlatformCosts platformCosts, String configuration) {
    Map<String, PlatformCosts> copy = new TreeMap<>(costs);
    copy.put(platform, platformCosts);
    Map<String, String> copiedConfigurations = new TreeMap<>(configurations);
    copiedConfigurations.put(platform, configuration);
    return new CostCalibration(copy, copiedConfigurations);
  }

  public void save(Path file) {
    Properties properties = new Properties();
    costs.forEach(
        (platform, c) -> {
          properties.setProperty(platform + ".startupMillis", Double.toString(c.startupMillis()));
          properties.setProperty(
              platform + ".millisPerMillionRows", Double.toString(c.millisPerMillionRows()));
          properties.setProperty(
              platform + ".millisPerMillionRowsIn", Double.toString(c.millisPerMillionRowsIn()));
          properties.setProperty(
              platform + ".millisPerMillionRowsOut", Double.toString(c.millisPerMillionRowsOut()));
          String configuration = configurations.getOrDefault(platform, "");
          if (!configuration.isEmpty()) {
            properties.setProperty(platform + CONFIGURATION, configuration);
          }
        });
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "Locus cost calibration (bin/locus calibrate)");
      }
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot write the cost calibration " + file + ": " + e.getMessage(),
          e);
    }
  }
}
