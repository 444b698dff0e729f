package dev.locus.adapters.flink;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code flink} platform: Apache Flink in batch mode on an embedded MiniCluster, or on a remote
 * JobManager with option {@code flink.jobmanager=host:port}. Flink lives in a plugin directory and
 * is loaded in a {@link PluginClassLoader} of its own (DESIGN.md section 5); this module never has
 * Flink on its class path.
 *
 * <p>The plugin directory is {@code $locus.plugins.dir/flink} when the system property {@code
 * locus.plugins.dir} is set, else {@code adapters/flink/plugin/target/plugin} of the source tree
 * that the working directory lies in (a development build).
 */
public final class FlinkPlatformFactory implements PlatformFactory {
  /** The system property naming the directory that holds one sub-directory per plugin. */
  public static final String PLUGINS_DIRECTORY_PROPERTY = "locus.plugins.dir";

  static final String PLATFORM_CLASS = "dev.locus.adapters.flink.plugin.FlinkPlatform";
  private static final Path DEVELOPMENT_DIRECTORY =
      Paths.get("adapters/flink/plugin/target/plugin");

  @Override
  public String name() {
    return "flink";
  }

  @Override
  public Platform create(Map<String, String> options) {
    requireNonNull(options, "options is null");
    return create(pluginDirectory(), options);
  }

  /** A platform loaded from the jars of {@code directory}. */
  public Platform create(Path directory, Map<String, String> options) {
    requireNonNull(directory, "directory is null");
    requireNonNull(options, "options is null");
    PluginClassLoader loader =
        new PluginClassLoader("flink-plugin", jars(directory), getClass().getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> platformClass = Class.forName(PLATFORM_CLASS, true, loader);
      Object platform =
          platformClass.getConstructor(Map.class, ClassLoader.class).newInstance(options, loader);
      return (Platform) platform;
    } catch (InvocationTargetException e) {
      closeQuietly(loader, e);
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Flink platform failed to start: " + e.getCause(), e);
    } catch (ReflectiveOperationException | LinkageError e) {
      closeQuietly(loader, e);
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Flink plugin in "
              + directory
              + " is incomplete: cannot load "
              + PLATFORM_CLASS
              + ": "
              + e,
          e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The plugin directory this factory loads from by default (see the class comment). */
  public static Path pluginDirectory() {
    String configured = System.getProperty(PLUGINS_DIRECTORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured, "flink");
    }
    Path start = Paths.get("").toAbsolutePath();
    for (Path directory = start; directory != null; directory = directory.getParent()) {
      Path candidate = directory.resolve(DEVELOPMENT_DIRECTORY);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new LocusException(
        ErrorCode.NOT_SUPPORTED,
        "Flink plugin directory not found: set system property "
            + PLUGINS_DIRECTORY_PROPERTY
            + " to a directory with a flink/ sub-directory, or build "
            + DEVELOPMENT_DIRECTORY
            + " (mvn package -pl adapters/flink/plugin) in a parent of "
            + start);
  }

  private static List<URL> jars(Path directory) {
    List<Path> jars;
    try (Stream<Path> files = Files.list(directory)) {
      jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "Flink plugin directory " + directory + " cannot be read: " + e.getMessage(),
          e);
    }
    if (jars.isEmpty()) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "Flink plugin directory "
              + directory
              + " holds no jars; expected Flink's and the plugin's");
    }
    List<URL> urls = new ArrayList<>(jars.size());
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException("Jar path " + jar + " is not a URL", e);
      }
    }
    return urls;
  }

  private static void closeQuietly(PluginClassLoader loader, Throwable failure) {
    try {
      loader.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
