package dev.locus.core.platform;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of a platform plugin (DESIGN.md section 5), as Trino and Flink load plugins: the
 * plugin's jars first, so that Spark's Kryo 4, Flink's Kryo 5, their Netty and Jackson never meet
 * each other or Locus's.
 *
 * <p>Only the shared packages ({@code dev.locus.core.}, {@code org.apache.arrow.}, {@code
 * org.slf4j.}) come from the Locus loader, so that plans, sources and Arrow batches cross the
 * boundary as the same classes. Everything else comes from the JDK (the platform class loader is
 * the parent) or from the plugin's jars, never from the Locus class path. A shared class that the
 * Locus loader lacks (SLF4J's bridges, say) is taken from the plugin's jars.
 */
public final class PluginClassLoader extends URLClassLoader {
  /** Packages whose classes the plugin shares with Locus. */
  public static final List<String> SHARED_PACKAGES =
      List.of("dev.locus.core.", "org.apache.arrow.", "org.slf4j.");

  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final ClassLoader locusLoader;
  private final List<String> sharedResourcePrefixes;

  /**
   * A loader over {@code jars} that shares {@link #SHARED_PACKAGES} with {@code locusLoader} (the
   * loader of the Locus SPI).
   */
  public PluginClassLoader(String name, List<URL> jars, ClassLoader locusLoader) {
    super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    this.locusLoader = requireNonNull(locusLoader, "locusLoader is null");
    this.sharedResourcePrefixes =
        SHARED_PACKAGES.stream().map(prefix -> prefix.replace('.', '/')).toList();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isShared(name)) {
      synchronized (getClassLoadingLock(name)) {
        try {
          return locusLoader.loadClass(name);
        } catch (ClassNotFoundException notShared) {
          // Not on the Locus class path: the plugin's own copy (below).
        }
      }
    }
    // JDK first (the parent is the platform class loader), then the plugin's jars.
    return super.loadClass(name, resolve);
  }

  @Override
  public URL getResource(String name) {
    if (isSharedResource(name)) {
      URL resource = locusLoader.getResource(name);
      if (resource != null) {
        return resource;
      }
    }
    return super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (!isSharedResource(name)) {
      return super.getResources(name);
    }
    List<URL> all = new ArrayList<>(Collections.list(locusLoader.getResources(name)));
    all.addAll(Collections.list(super.getResources(name)));
    return Collections.enumeration(all);
  }

  private static boolean isShared(String className) {
    for (String prefix : SHARED_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private boolean isSharedResource(String resource) {
    String path = resource.startsWith("/") ? resource.substring(1) : resource;
    for (String prefix : sharedResourcePrefixes) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
