package dev.locus.adapters.spark;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.platform.PluginClassLoader;
import dev.locus.core.platform.Plugins;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;

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
  public static final String PLUGINS_DIR_PROPERTY = Plugins.DIRECTORY_PROPERTY;

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
      loader = Plugins.classLoader("spark", pluginDirectory(), Platform.class.getClassLoader());
    }
    return loader;
  }

  /** Where the plugin's jars are (see {@link Plugins#directory}). */
  static Path pluginDirectory() {
    return Plugins.directory("spark");
  }
}
