package dev.locus.adapters.flink;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.platform.PluginClassLoader;
import dev.locus.core.platform.Plugins;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;

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
  public static final String PLUGINS_DIRECTORY_PROPERTY = Plugins.DIRECTORY_PROPERTY;

  static final String PLATFORM_CLASS = "dev.locus.adapters.flink.plugin.FlinkPlatform";

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
    PluginClassLoader loader = Plugins.classLoader("flink", directory, getClass().getClassLoader());
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

  /** The plugin directory this factory loads from by default (see {@link Plugins#directory}). */
  public static Path pluginDirectory() {
    return Plugins.directory("flink");
  }

  private static void closeQuietly(PluginClassLoader loader, Throwable failure) {
    try {
      loader.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
