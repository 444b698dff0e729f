package dev.locus.multijvm;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link MultiJvmCluster} per test class: started before the first test, destroyed after the
 * last. Before each test, every node runs and is an Up member again (whatever the previous test
 * killed) and node output goes to {@code target/multi-jvm-logs/<TestClass>/<test>/node-<i>.log};
 * when a test fails, the last lines of each node's output are printed with the failure.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MultiJvmClusterExtension CLUSTER =
 *     new MultiJvmClusterExtension(() -> MultiJvmCluster.builder()
 *         .node(NodeSpec.coordinator("a").withTpch())
 *         .node(NodeSpec.worker("b").withTpch()));
 * }</pre>
 */
final class MultiJvmClusterExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestWatcher {
  /** Lines of each node's output printed for a failed test. */
  static final int TAIL_LINES = 200;

  private final Supplier<MultiJvmCluster.Builder> builder;
  private MultiJvmCluster cluster;

  /**
   * @param builder makes the cluster's builder when the test class starts (so it may prepare the
   *     data the nodes read first)
   */
  MultiJvmClusterExtension(Supplier<MultiJvmCluster.Builder> builder) {
    this.builder = requireNonNull(builder, "builder is null");
  }

  /** The running cluster (inside tests). */
  MultiJvmCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("The cluster starts before the test class's first test");
    }
    return cluster;
  }

  /** Where the logs of {@code testClass} go. */
  static Path logDirectory(Class<?> testClass) {
    return Path.of(System.getProperty("locus.multijvm.logs", "target/multi-jvm-logs"))
        .resolve(testClass.getSimpleName());
  }

  /** A working directory for {@code testClass}: its nodes' and its data. */
  static Path workDirectory(Class<?> testClass) {
    return Path.of(System.getProperty("locus.multijvm.work", "target/multi-jvm-work"))
        .resolve(testClass.getSimpleName());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    MultiJvmCluster.Builder configured = builder.get();
    if (!configured.hasLogDirectory()) {
      configured.logDirectory(logDirectory(testClass));
    }
    if (!configured.hasWorkDirectory()) {
      configured.workDirectory(workDirectory(testClass).resolve("nodes"));
    }
    cluster = configured.build();
    try {
      cluster.start();
    } catch (RuntimeException | Error e) {
      // No test runs, so no test reports the failure: show the nodes' output here.
      System.out.println(
          "The cluster of "
              + testClass.getSimpleName()
              + " did not start:\n"
              + cluster.tails(TAIL_LINES));
      cluster.close();
      cluster = null;
      throw e;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster().beginSection(sectionName(context));
    cluster().ensureRunning();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (cluster != null) {
      System.out.println(
          context.getDisplayName() + " failed: " + cause + "\n" + cluster.tails(TAIL_LINES));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.beginSection("shutdown");
      cluster.close();
      cluster = null;
    }
  }

  /** The test's method name, with the display name when it differs (repetitions, parameters). */
  static String sectionName(ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("class");
    String display = context.getDisplayName();
    String name = display.equals(method + "()") ? method : method + "-" + display;
    return name.replaceAll("[^A-Za-z0-9._-]+", "_");
  }
}
