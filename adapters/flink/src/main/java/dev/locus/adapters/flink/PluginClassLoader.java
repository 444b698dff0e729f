package dev.locus.adapters.flink;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A child-first class loader over a plugin's jars (DESIGN.md section 5), as Trino and Flink load
 * plugins. Only the JDK, the Locus platform SPI ({@code dev.locus.core.}), Arrow and SLF4J come
 * from the parent, so that both sides see the same {@code Platform}, {@code VectorSchemaRoot} and
 * logger classes; everything else — Flink, its Kryo 5, Netty, Jackson, Scala — is the plugin's own
 * and never leaks into or out of it. A class the plugin lacks is not looked up in the parent: a
 * missing dependency shows as a {@link ClassNotFoundException}, not as a silent mix of versions.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  /** Packages (class and resource name prefixes) that the parent provides. */
  private static final List<String> PARENT_FIRST_PACKAGES =
      List.of("dev.locus.core.", "org.apache.arrow.", "org.slf4j.");

  /** Packages of the JDK, found in the platform class loader when they are there at all. */
  private static final List<String> JDK_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.", "org.ietf.");

  private final ClassLoader parent;
  private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

  public PluginClassLoader(String name, List<URL> urls, ClassLoader parent) {
    super(
        requireNonNull(name, "name is null"),
        requireNonNull(urls, "urls is null").toArray(new URL[0]),
        requireNonNull(parent, "parent is null"));
    this.parent = parent;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = loadFromParentFirst(name);
      }
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> loadFromParentFirst(String name) {
    ClassLoader first = null;
    if (startsWithAny(name, PARENT_FIRST_PACKAGES)) {
      first = parent;
    } else if (startsWithAny(name, JDK_PACKAGES)) {
      first = platform;
    }
    if (first == null) {
      return null;
    }
    try {
      return first.loadClass(name);
    } catch (ClassNotFoundException e) {
      // Not there (javax.annotation from jsr305, say): the plugin may bring it.
      return null;
    }
  }

  @Override
  public URL getResource(String name) {
    if (isParentFirstResource(name)) {
      URL url = parent.getResource(name);
      if (url != null) {
        return url;
      }
    }
    URL url = findResource(name);
    return url != null ? url : platform.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>();
    if (isParentFirstResource(name)) {
      urls.addAll(Collections.list(parent.getResources(name)));
    }
    urls.addAll(Collections.list(findResources(name)));
    urls.addAll(Collections.list(platform.getResources(name)));
    return Collections.enumeration(urls);
  }

  private static boolean isParentFirstResource(String name) {
    String asClassName = name.replace('/', '.');
    return startsWithAny(asClassName, PARENT_FIRST_PACKAGES);
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
