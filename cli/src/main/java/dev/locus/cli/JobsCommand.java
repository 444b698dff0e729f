package dev.locus.cli;

import dev.locus.cli.output.OutputFormat;
import dev.locus.client.JobSummary;
import dev.locus.client.LocusClient;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus jobs}: the jobs a cluster's coordinator knows, one line each. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists the jobs of a cluster: id, name, status (QUEUED, RUNNING, SUCCEEDED, FAILED,"
          + " CANCELLED), time since submission or run time, and the error of a failed job.",
      "Example: locus jobs --cluster http://coordinator:8080"
    })
final class JobsCommand implements Callable<Integer> {
  static final Schema COLUMNS =
      Schema.of(
          Field.notNull("job", DataType.VARCHAR),
          Field.nullable("name", DataType.VARCHAR),
          Field.notNull("status", DataType.VARCHAR),
          Field.notNull("submitted", DataType.VARCHAR),
          Field.notNull("elapsed", DataType.VARCHAR),
          Field.nullable("error", DataType.VARCHAR));

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = SqlCommand.FormatConverter.class,
      description = "table (default), csv or json (JSON Lines).")
  OutputFormat format;

  @Override
  public Integer call() {
    List<JobSummary> jobs;
    try (LocusClient client = cluster.client()) {
      jobs = client.jobs();
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JobSummary job : jobs) {
      rows.add(
          Arrays.asList(
              job.jobId(),
              job.name(),
              job.status().name(),
              job.submittedAt().toString(),
              seconds(job.elapsedMillis()),
              job.error() == null ? null : job.error().code() + ": " + job.error().message()));
    }
    format.write(COLUMNS, rows, spec.commandLine().getOut());
    return 0;
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
