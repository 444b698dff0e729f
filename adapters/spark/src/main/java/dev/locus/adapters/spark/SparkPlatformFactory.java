package dev.locus.adapters.spark;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code spark} platform: Apache Spark SQL, embedded in local mode ({@code local[N]}, N = the
 * cores) unless the option {@code spark.master} names a {@code spark://} master.
 *
 * <p>Spark and its dependencies live in the plugin directory ({@code spark/} under the system
 * property {@code locus.plugins.dir}, or {@code adapters/spark/plugin/target/plugin} of a source
 * tree) and are loaded by a {@link PluginClassLoader} of their own, created once per JVM.
 */
public final class SparkPlatformFactory implements PlatformFactory {
  /** The system property naming the directory that holds one directory per plugin. */
  public static final String PLUGINS_DIR_PROPERTY = "locus.plugins.dir";

  static final String PLATFORM_CLASS = "dev.locus.adapters.spark.plugin.SparkPlatform";

  private static PluginClassLoader loader;

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public Platform create(Map<String, String> options) {
    requireNonNull(options, "options is null");
    ClassLoader pluginLoader = pluginLoader();
    try {
      Class<?> platformClass = Class.forName(PLATFORM_CLASS, true, pluginLoader);
      return (Platform) platformClass.getConstructor(Map.class).newInstance(Map.copyOf(options));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Failed to start the spark platform: " + e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Failed to load the spark platform class "
              + PLATFORM_CLASS
              + " from the plugin directory "
              + pluginDirectory()
              + ": "
              + e);
    }
  }

  /** The class loader of the plugin, made on first use and kept for the life of the JVM. */
  static synchronized ClassLoader pluginLoader() {
    if (loader == null) {
      Path directory = pluginDirectory();
      List<URL> jars = new ArrayList<>();
      try (Stream<Path> files = Files.list(directory)) {
        for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (IOException e) {
        throw new LocusException(
            ErrorCode.IO_ERROR, "Cannot list the spark plugin directory " + directory + ": " + e);
      }
      if (jars.isEmpty()) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "The spark plugin directory "
                + directory
                + " holds no jars; build adapters/spark/plugin");
      }
      loader = new PluginClassLoader("locus-spark", jars, Platform.class.getClassLoader());
    }
    return loader;
  }

  /**
   * Where the plugin's jars are: {@code $locus.plugins.dir/spark}, else beside this module in a
   * source tree ({@code adapters/spark/plugin/target/plugin}), else {@code plugins/spark} beside
   * the directory of this module's jar (a distribution's {@code lib/}).
   */
  static Path pluginDirectory() {
    String configured = System.getProperty(PLUGINS_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path directory = Path.of(configured).resolve("spark");
      if (!Files.isDirectory(directory)) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "The spark plugin directory "
                + directory
                + " (from -D"
                + PLUGINS_DIR_PROPERTY
                + "="
                + configured
                + ") does not exist");
      }
      return directory;
    }
    List<Path> candidates = new ArrayList<>();
    Path location = ownLocation();
    if (location != null) {
      // adapters/spark/target/classes or adapters/spark/target/locus-adapter-spark.jar
      Path target = location.getParent();
      if (target != null && target.getParent() != null) {
        candidates.add(target.getParent().resolve("plugin/target/plugin"));
      }
      candidates.add(
          (Files.isDirectory(location) ? location : location.getParent())
              .resolveSibling("plugins")
              .resolve("spark"));
    }
    // A checkout: adapters/spark/plugin/target/plugin in the working directory or a parent.
    for (Path directory = Path.of("").toAbsolutePath();
        directory != null;
        directory = directory.getParent()) {
      candidates.add(directory.resolve("adapters/spark/plugin/target/plugin"));
    }
    for (Path candidate : candidates) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "The spark plugin directory was not found; set -D"
            + PLUGINS_DIR_PROPERTY
            + " to a directory holding spark/, or build adapters/spark/plugin; tried "
            + candidates);
  }

  private static Path ownLocation() {
    try {
      URL location = SparkPlatformFactory.class.getProtectionDomain().getCodeSource().getLocation();
      return location == null ? null : Path.of(location.toURI());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
