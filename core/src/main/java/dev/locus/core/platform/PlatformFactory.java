package dev.locus.core.platform;

import java.util.Map;

/**
 * Creates a platform; found through {@link java.util.ServiceLoader}. Each adapter module registers
 * one ({@code jdbc}, {@code spark}, {@code flink}).
 */
public interface PlatformFactory {
  /** The platform's name, as {@link Platform#name()}. */
  String name();

  /**
   * A platform configured by {@code options} (for example {@code spark.master=spark://host:7077};
   * empty for the embedded default).
   */
  Platform create(Map<String, String> options);
}
