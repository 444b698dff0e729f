package dev.locus.adapters.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.Locus;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.platform.Platform;
import dev.locus.core.platform.PlatformCosts;
import dev.locus.core.platform.PlatformFactory;
import dev.locus.core.platform.PluginClassLoader;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.scheduler.tpch.TpchQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The spark platform through its factory and class loader, against Locus's own engine. */
class SparkPlatformIT {
  private static final double SCALE_FACTOR = 0.01;

  private static Platform platform;
  private static Platform ipc;
  private static Locus locus;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    platform = new SparkPlatformFactory().create(Map.of());
    // The same local SparkContext, but scans sent inside the tasks as executors in other JVMs get
    // them.
    ipc = new SparkPlatformFactory().create(Map.of("locus.transfer", "ipc"));
    locus = Locus.local();
  }

  @AfterAll
  static void stop() {
    if (locus != null) {
      locus.close();
    }
    if (ipc != null) {
      ipc.close();
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
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(platform.costs()).isEqualTo(new PlatformCosts(105, 64.0 * 2 / cores, 0, 1075));
    assertThat(platform.configuration())
        .isEqualTo("local[*], " + cores + " cores, memory transfer");
    assertThat(ipc.costs().millisPerMillionRowsIn()).isEqualTo(50);
  }

  @Test
  void aConfiguredClusterDividesTheWorkAmongItsCoresAndSendsScansAsArrowStreams() {
    try (Platform cluster =
        new SparkPlatformFactory()
            .create(
                Map.of("spark.master", "spark://spark.invalid:7077", "spark.cores.max", "64"))) {
      assertThat(cluster.costs()).isEqualTo(new PlatformCosts(105, 64.0 * 2 / 64, 50, 1075));
      assertThat(cluster.configuration())
          .isEqualTo("spark://spark.invalid:7077, 64 cores, ipc transfer");
    }
  }

  @Test
  void rejectsAMemoryTransferToAnotherJvmAndCoresThatAreNoNumber() {
    SparkPlatformFactory factory = new SparkPlatformFactory();
    assertThatThrownBy(
            () ->
                factory.create(
                    Map.of(
                        "spark.master", "spark://spark.invalid:7077", "locus.transfer", "memory")))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Spark option locus.transfer=memory needs a local master; found"
                + " spark://spark.invalid:7077");
    assertThatThrownBy(() -> factory.create(Map.of("spark.cores.max", "many")))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Spark cores must be a positive number (spark.cores.max or local[N]); found 'many'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "ipc"})
  void aMalformedCsvRowReadBySparkFailsTheQueryNamingFileAndLine(String transfer) throws Exception {
    Path csv = files.resolve("bad-" + transfer + ".csv");
    Files.writeString(csv, "id,qty\n1,5\n2,lots\n");
    Schema schema =
        new Schema(
            List.of(Field.nullable("id", DataType.BIGINT), Field.nullable("qty", DataType.BIGINT)));
    LogicalPlan plan = locus.read(CsvSource.read(csv, schema)).plan();
    Platform target = transfer.equals("ipc") ? ipc : platform;

    assertThatThrownBy(() -> locus.read(target.run(plan)).execute())
        .isInstanceOf(LocusException.class)
        .satisfies(
            e -> assertThat(((LocusException) e).code()).isEqualTo(ErrorCode.MALFORMED_INPUT))
        .hasMessageContaining(csv + ":3");
    // The platform runs the next query.
    PlanComparison.assertSameResult(
        locus, target, TpchQueries.query("q6", locus, SCALE_FACTOR).plan(), true, "Q6 after");
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

  @ParameterizedTest
  @MethodSource("queries")
  void runsTpchQueriesWithScansSentAsArrowStreams(String query) {
    PlanComparison.assertSameResult(
        locus, ipc, TpchQueries.query(query, locus, SCALE_FACTOR).plan(), true, query);
  }

  static Iterable<String> queries() {
    return TpchQueries.names();
  }
}
