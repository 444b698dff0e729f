package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import java.util.Map;

/** Creates the {@code jdbc} platform; it takes no options (databases come with their sources). */
public final class JdbcPlatformFactory implements PlatformFactory {
  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Platform create(Map<String, String> options) {
    requireNonNull(options, "options is null");
    if (!options.isEmpty()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "The jdbc platform takes no options; found " + options.keySet());
    }
    return new JdbcPlatform();
  }
}
