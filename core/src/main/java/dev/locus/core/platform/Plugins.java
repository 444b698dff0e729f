package dev.locus.core.platform;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a platform plugin's jars are, and the class loader over them. A plugin is a directory of
 * jars: {@code $locus.plugins.dir/<platform>} ({@code bin/locus} sets the property), else, in a
 * source tree, {@code adapters/<platform>/plugin/target/plugin} in the working directory or one of
 * its parents.
 */
public final class Plugins {
  /** The system property naming the directory that holds one sub-directory per plugin. */
  public static final String DIRECTORY_PROPERTY = "locus.plugins.dir";

  private Plugins() {}

  /** The directory of a platform's plugin, or an error saying where it was looked for. */
  public static Path directory(String platform) {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path directory = Path.of(configured).resolve(platform);
      if (!Files.isDirectory(directory)) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "The "
                + platform
                + " plugin directory "
                + directory
                + " (from -D"
                + DIRECTORY_PROPERTY
                + "="
                + configured
                + ") does not exist");
      }
      return directory;
    }
    Path development = Path.of("adapters", platform, "plugin", "target", "plugin");
    Path start = Path.of("").toAbsolutePath();
    for (Path directory = start; directory != null; directory = directory.getParent()) {
      Path candidate = directory.resolve(development);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "The "
            + platform
            + " plugin directory was not found: set -D"
            + DIRECTORY_PROPERTY
            + " to a directory holding "
            + platform
            + "/, or build "
            + development
            + " in "
            + start
            + " or a parent of it");
  }

  /**
   * A class loader over the jars of {@code directory}, sharing the SPI with {@code locusLoader}.
   */
  public static PluginClassLoader classLoader(
      String platform, Path directory, ClassLoader locusLoader) {
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "A jar of " + directory + " has no URL: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot list the " + platform + " plugin directory " + directory + ": " + e.getMessage(),
          e);
    }
    if (jars.isEmpty()) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "The "
              + platform
              + " plugin directory "
              + directory
              + " holds no jars; build adapters/"
              + platform
              + "/plugin");
    }
    return new PluginClassLoader("locus-" + platform, jars, locusLoader);
  }
}
