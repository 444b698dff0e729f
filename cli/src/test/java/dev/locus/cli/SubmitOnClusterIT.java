package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.client.JobStatus;
import dev.locus.client.JobSummary;
import dev.locus.client.LocusClient;
import dev.locus.cluster.EmbeddedCluster;
import dev.locus.cluster.NodeConfig;
import dev.locus.core.source.tpch.TpchSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code locus submit} against a real cluster (two nodes in this JVM, talking over TCP): the
 * program's record and lambdas exist only in its jar, so the coordinator and the worker that runs
 * them must load them from the job jar they fetch.
 */
class SubmitOnClusterIT {
  private static final String NATIONS =
      """
      package example;

      import dev.locus.core.api.Locus;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.List;
      import java.util.Locale;

      public class Nations {
        public record Nation(String n_name) {}

        public static void main(String[] args) throws Exception {
          try (Locus locus = Locus.connect()) {
            List<String> names =
                locus
                    .sql("SELECT n_name FROM tpch.tiny.nation")
                    .as(Nation.class)
                    .filter(nation -> nation.n_name().startsWith("A"))
                    .map(nation -> nation.n_name().toLowerCase(Locale.ROOT))
                    .collect();
            Files.writeString(Path.of(args[0]), String.join(",", names.stream().sorted().toList()));
          }
        }
      }
      """;

  @Test
  void lambdasFromAJobJarRunOnTheWorkers(@TempDir Path directory) throws Exception {
    Path jar = SubmitCommandTest.buildJar(directory, "Nations", NATIONS);
    Path output = directory.resolve("nations.txt");
    try (EmbeddedCluster cluster =
        EmbeddedCluster.start(
            List.of(
                NodeConfig.local("a").withParallelism(2),
                NodeConfig.local("b")
                    .withRoles(Set.of(NodeConfig.Role.WORKER))
                    .withParallelism(2)
                    .withTpch(true)),
            true)) {
      String url = cluster.httpUri().toString();
      try (LocusClient client = new LocusClient(url)) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.catalogs().isEmpty()) {
          assertThat(System.nanoTime()).as("worker registered").isLessThan(deadline);
          Thread.onSpinWait();
        }
        SubmitCommandTest.Run run =
            SubmitCommandTest.locus(
                "submit",
                "--cluster",
                url,
                "--jar",
                jar.toString(),
                "--class",
                "example.Nations",
                output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        List<String> expected = new ArrayList<>();
        try (dev.locus.core.api.Locus local = dev.locus.core.api.Locus.local()) {
          for (List<Object> row :
              local.read(TpchSource.table("nation", 0.01)).select("n_name").execute().rows()) {
            String name = (String) row.get(0);
            if (name.startsWith("A")) {
              expected.add(name.toLowerCase(Locale.ROOT));
            }
          }
        }
        expected.sort(null);
        assertThat(Files.readString(output)).isEqualTo(String.join(",", expected));

        List<JobSummary> jobs = client.jobs();
        JobStatus job = client.status(jobs.get(jobs.size() - 1).jobId());
        assertThat(job.stages().get(0).description()).endsWith("RowsToObjects → Filter → Map");
        assertThat(job.stages().get(0).sites()).containsExactly("b");
      }
    }
  }
}
