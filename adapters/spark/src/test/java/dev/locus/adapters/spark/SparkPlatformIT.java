package dev.locus.adapters.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.platform.PluginClassLoader;
import dev.locus.scheduler.tpch.TpchQueries;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The spark platform through its factory and class loader, against Locus's own engine. */
class SparkPlatformIT {
  private static final double SCALE_FACTOR = 0.01;

  private static Platform platform;
  private static Locus locus;

  @BeforeAll
  static void start() {
    platform = new SparkPlatformFactory().create(Map.of());
    locus = Locus.local();
  }

  @AfterAll
  static void stop() {
    if (locus != null) {
      locus.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void sparkIsNotOnTheClassPathOfLocus() {
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(platform.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
    assertThat(platform.name()).isEqualTo("spark");
  }

  @Test
  void pluginSharesOnlyTheSpiAndArrow() throws Exception {
    ClassLoader plugin = platform.getClass().getClassLoader();
    assertThat(plugin.loadClass("dev.locus.core.plan.LogicalPlan"))
        .isSameAs(dev.locus.core.plan.LogicalPlan.class);
    assertThat(plugin.loadClass("org.apache.arrow.vector.VectorSchemaRoot"))
        .isSameAs(org.apache.arrow.vector.VectorSchemaRoot.class);
    // Spark's Kryo 4 (kryo-shaded) is the plugin's own; Locus's is the relocated kryo5.
    Class<?> kryo = plugin.loadClass("com.esotericsoftware.kryo.Kryo");
    assertThat(kryo.getClassLoader()).isSameAs(plugin);
    assertThat(kryo.getProtectionDomain().getCodeSource().getLocation().toString())
        .contains("kryo-shaded-4");
  }

  @Test
  void shipsMeasuredCosts() {
    assertThat(platform.costs())
        .isEqualTo(new dev.locus.core.platform.PlatformCosts(35, 2500, 17700, 3000));
  }

  @Test
  void factoryIsFoundByServiceLoader() {
    assertThat(ServiceLoader.load(PlatformFactory.class).stream().map(p -> p.get().name()))
        .contains("spark");
  }

  @ParameterizedTest
  @MethodSource("queries")
  void runsTpchQueriesOfTheTableApiAsLocusDoes(String query) {
    PlanComparison.assertSameResult(
        locus, platform, TpchQueries.query(query, locus, SCALE_FACTOR).plan(), true, query);
  }

  static Iterable<String> queries() {
    return TpchQueries.names();
  }
}
