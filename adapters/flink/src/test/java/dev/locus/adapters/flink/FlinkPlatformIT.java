package dev.locus.adapters.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.platform.PluginClassLoader;
import dev.locus.scheduler.tpch.TpchQueries;
import dev.locus.sql.tpch.ResultComparison;
import dev.locus.sql.tpch.ResultRows;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flink platform through its factory and plugin class loader, on one embedded MiniCluster:
 * TPC-H queries run on Flink must give the rows Locus's own engine gives.
 */
class FlinkPlatformIT {
  private static final double SCALE_FACTOR = 0.01;

  private static Platform platform;
  private static Locus locus;

  @BeforeAll
  static void startPlatform() {
    platform = new FlinkPlatformFactory().create(Map.of());
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
  void keepsFlinkOutOfTheCallersClassLoader() throws Exception {
    assertThatThrownBy(() -> Class.forName("org.apache.flink.table.api.TableEnvironment"))
        .isInstanceOf(ClassNotFoundException.class);
    ClassLoader pluginLoader = platform.getClass().getClassLoader();
    assertThat(pluginLoader).isInstanceOf(PluginClassLoader.class);
    Class<?> tableEnvironment =
        Class.forName("org.apache.flink.table.api.TableEnvironment", false, pluginLoader);
    assertThat(tableEnvironment.getClassLoader()).isSameAs(pluginLoader);
    // The SPI and Arrow are shared, so the platform is a Platform here.
    assertThat(Class.forName(Platform.class.getName(), false, pluginLoader))
        .isSameAs(Platform.class);
    assertThat(
            Class.forName(
                org.apache.arrow.vector.VectorSchemaRoot.class.getName(), false, pluginLoader))
        .isSameAs(org.apache.arrow.vector.VectorSchemaRoot.class);
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(PlatformFactory.class).stream().map(p -> p.get().name()))
        .contains("flink");
    assertThat(platform.name()).isEqualTo("flink");
  }

  @Test
  void rejectsUnknownOptions() {
    assertThatThrownBy(() -> new FlinkPlatformFactory().create(Map.of("flink.master", "x")))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Unknown flink platform option 'flink.master'; valid options: [flink.jobmanager,"
                + " flink.parallelism]");
  }

  static Iterable<String> tableApiQueries() {
    return TpchQueries.names();
  }

  @ParameterizedTest
  @MethodSource("tableApiQueries")
  void runsTpchTableApiQueriesAsLocusDoes(String name) {
    LogicalPlan plan = TpchQueries.query(name, locus, SCALE_FACTOR).plan();
    assertCanRun(plan);
    ResultRows expected = ResultRows.of(locus.table(plan).execute());
    ResultRows actual = ResultRows.of(locus.read(platform.run(plan)).execute());
    assertThat(actual.columns()).isEqualTo(expected.columns());
    assertThat(ResultComparison.difference(name, expected, actual, true)).isEmpty();
  }

  private static void assertCanRun(LogicalPlan plan) {
    assertThat(platform.cannotRun(plan)).isEqualTo(Optional.empty());
    for (LogicalPlan input : plan.inputs()) {
      assertCanRun(input);
    }
  }
}
