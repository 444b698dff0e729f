package dev.locus.adapters.flink;

import static dev.locus.core.expr.Expressions.countStar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.scheduler.tpch.TpchQueries;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Errors inside the embedded Flink fail the Flink job, never the JVM: a Locus source that throws an
 * {@link Error} inside a Flink task fails its job with a LocusException, and the same platform runs
 * the next query right. If Flink ended the JVM, this test run would die with it.
 */
class FlinkPlatformFailureIT {
  private static final double SCALE_FACTOR = 0.01;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Platform platform;
  private static Locus locus;

  @BeforeAll
  static void startPlatform() {
    platform = new FlinkPlatformFactory().create(Map.of("flink.parallelism", "2"));
    locus = Locus.local();
  }

  @AfterAll
  static void stopPlatform() {
    if (locus != null) {
      locus.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void failsTheJobNotTheJvmWhenASourceThrowsOutOfMemoryError() {
    LogicalPlan plan =
        countOf(new ThrowingSource("oom-source", () -> new OutOfMemoryError("test")));

    assertThatThrownBy(() -> locus.read(platform.run(plan)).execute())
        .isInstanceOfSatisfying(
            LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_MEMORY))
        .hasMessage(
            "Flink job failed running "
                + plan.describe()
                + ": Flink task failed reading split 0 of oom-source:"
                + " java.lang.OutOfMemoryError: test");
    assertRunsAsLocusDoes("q6");
  }

  @Test
  void failsTheJobNotTheJvmWhenASourceThrowsAnErrorFlinkHaltsOn() {
    // Flink's Task halts the JVM on an InternalError whatever its configuration.
    LogicalPlan plan =
        countOf(new ThrowingSource("broken-source", () -> new InternalError("test")));

    assertThatThrownBy(() -> locus.read(platform.run(plan)).execute())
        .isInstanceOfSatisfying(
            LocusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
        .hasMessage(
            "Flink job failed running "
                + plan.describe()
                + ": Flink task failed reading split 0 of broken-source:"
                + " java.lang.InternalError: test");
    assertRunsAsLocusDoes("q1");
  }

  @Test
  void startsANewMiniClusterWhenItsTaskManagerStopped() throws Exception {
    assertRunsAsLocusDoes("q6");
    // What MiniCluster's TerminatingFatalErrorHandler does on a fatal error in the TaskManager.
    Object miniCluster = declaredMethod(platform, "miniCluster").invoke(platform);
    ((CompletableFuture<?>)
            method(miniCluster, "terminateTaskManager", int.class).invoke(miniCluster, 0))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    await(() -> taskManagers(miniCluster) == 0, "the TaskManager deregistered");

    assertRunsAsLocusDoes("q1");
    assertThat(declaredMethod(platform, "miniCluster").invoke(platform)).isNotSameAs(miniCluster);
  }

  private static LogicalPlan countOf(Source source) {
    return locus.read(source).agg(countStar().as("n")).plan();
  }

  private static void assertRunsAsLocusDoes(String name) {
    LogicalPlan plan = TpchQueries.query(name, locus, SCALE_FACTOR).plan();
    ResultRows expected = ResultRows.of(locus.table(plan).execute());
    ResultRows actual = ResultRows.of(locus.read(platform.run(plan)).execute());
    assertThat(actual.columns()).isEqualTo(expected.columns());
    assertThat(ResultComparison.difference(name, expected, actual, true)).isEmpty();
  }

  private static int taskManagers(Object miniCluster) {
    try {
      Object overview =
          ((CompletableFuture<?>) method(miniCluster, "getResourceOverview").invoke(miniCluster))
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return (Integer) method(overview, "getNumberTaskManagers").invoke(overview);
    } catch (ReflectiveOperationException | java.util.concurrent.ExecutionException e) {
      throw new AssertionError("MiniCluster did not give its resource overview", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("MiniCluster did not give its resource overview in " + WAIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted", e);
    }
  }

  /** A package-private method of the plugin's platform (Flink is not on this class path). */
  private static Method declaredMethod(Object target, String name) throws NoSuchMethodException {
    Method method = target.getClass().getDeclaredMethod(name);
    method.setAccessible(true);
    return method;
  }

  private static Method method(Object target, String name, Class<?>... parameters)
      throws NoSuchMethodException {
    return target.getClass().getMethod(name, parameters);
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** One split whose reader throws the given error at its first batch. */
  private record ThrowingSource(String name, Supplier<Error> error) implements Source {
    @Override
    public Schema schema() {
      return Schema.of(Field.nullable("id", DataType.BIGINT));
    }

    @Override
    public long estimatedRows() {
      return 1;
    }

    @Override
    public List<SourceSplit> splits(int parallelism) {
      return List.of(
          new SourceSplit() {
            @Override
            public BatchReader open(
                BufferAllocator allocator, List<Integer> columns, int batchSize) {
              return new BatchReader() {
                @Override
                public VectorSchemaRoot next() {
                  throw error.get();
                }

                @Override
                public void close() {}
              };
            }

            @Override
            public String describe() {
              return name + "[0]";
            }
          });
    }
  }
}
