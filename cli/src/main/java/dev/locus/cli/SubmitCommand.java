package dev.locus.cli;

import dev.locus.client.ClusterExecutor;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code locus submit}: runs a program's {@code main} against a cluster, as {@code spark-submit}
 * does. The program's {@code Locus.connect()} reaches the cluster, and its jar travels with every
 * job so that the workers load its classes (lambdas, records).
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs MAIN's main(String[]) from JAR against a cluster: in MAIN, Locus.connect() connects to"
          + " the cluster, and JAR is shipped with each job so that the workers run its classes."
          + " Sets the system properties locus.cluster.url, locus.cluster.token and locus.job.jar"
          + " for the program.",
      "Example: locus submit --cluster http://coordinator:8080 --jar wordcount.jar"
          + " --class com.example.WordCount /data/books"
    })
final class SubmitCommand implements Callable<Integer> {
  static final String URL_PROPERTY = "locus.cluster.url";
  static final String TOKEN_PROPERTY = "locus.cluster.token";

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--jar",
      required = true,
      paramLabel = "JAR",
      description = "The program's jar (with the classes its jobs need).")
  Path jar;

  @Option(
      names = "--class",
      required = true,
      paramLabel = "MAIN",
      description = "The class whose public static void main(String[]) to run.")
  String mainClass;

  @Parameters(paramLabel = "ARGS", description = "Arguments for MAIN.")
  List<String> arguments = new ArrayList<>();

  @Override
  public Integer call() {
    if (!Files.isRegularFile(jar)) {
      throw new LocusException(ErrorCode.IO_ERROR, "Job jar " + jar + " does not exist");
    }
    // Checks the URL before the program runs, so that a typo is reported as such.
    cluster.client().close();
    Path absoluteJar = jar.toAbsolutePath();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(URL_PROPERTY, cluster.url);
    properties.put(TOKEN_PROPERTY, cluster.token);
    properties.put(ClusterExecutor.JOB_JAR_PROPERTY, absoluteJar.toString());
    properties.put(ClusterExecutor.JOB_NAME_PROPERTY, mainClass);
    try (URLClassLoader loader =
        new URLClassLoader(
            "locus-job " + absoluteJar.getFileName(),
            new URL[] {url(absoluteJar)},
            SubmitCommand.class.getClassLoader())) {
      Method main = mainMethod(loader);
      runWith(properties, loader, main, arguments.toArray(String[]::new));
      return 0;
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot close the class loader of " + jar + ": " + e.getMessage(), e);
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Job jar path " + path + " is not a URL");
    }
  }

  private Method mainMethod(ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(mainClass, false, loader);
    } catch (ClassNotFoundException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Class " + mainClass + " not found in job jar " + jar);
    } catch (LinkageError e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Class " + mainClass + " of job jar " + jar + " cannot be loaded: " + e,
          e);
    }
    Method main;
    try {
      main = type.getMethod("main", String[].class);
    } catch (NoSuchMethodException e) {
      throw noMain();
    }
    if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
      throw noMain();
    }
    return main;
  }

  private LocusException noMain() {
    return new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Class " + mainClass + " has no public static void main(String[]) method");
  }

  /** Runs main with the properties set and the job's class loader as context, then restores. */
  private void runWith(
      Map<String, String> properties, ClassLoader loader, Method main, String[] args) {
    Map<String, String> previous = new LinkedHashMap<>();
    properties.forEach((name, value) -> previous.put(name, System.getProperty(name)));
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    try {
      properties.forEach(SubmitCommand::setProperty);
      thread.setContextClassLoader(loader);
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LocusException locus) {
        throw locus;
      }
      throw new LocusException(
          ErrorCode.USER_FUNCTION_FAILED, mainClass + ".main failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Class " + mainClass + " or its main method is not public: " + e.getMessage(),
          e);
    } finally {
      thread.setContextClassLoader(previousLoader);
      previous.forEach(SubmitCommand::setProperty);
    }
  }

  private static void setProperty(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
