package dev.locus.cli;

import dev.locus.client.JobHandle;
import dev.locus.client.JobState;
import dev.locus.client.LocusClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus cancel}: cancels a job of a cluster. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Cancels a job: its tasks stop on every node and their resources are freed. A job that has"
          + " already ended keeps its final status, which is printed.",
      "Example: locus cancel --cluster http://coordinator:8080 job-7"
    })
final class CancelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "JOB", description = "The job's id, as locus jobs lists it.")
  String jobId;

  @Override
  public Integer call() {
    JobHandle job;
    try (LocusClient client = cluster.client()) {
      job = client.cancel(jobId);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (job.status() == JobState.CANCELLED) {
      out.println("Job " + job.jobId() + " cancelled");
    } else if (!job.status().isFinal()) {
      out.println("Job " + job.jobId() + " is being cancelled");
    } else {
      out.println("Job " + job.jobId() + " had already ended: " + job.status());
    }
    out.flush();
    return 0;
  }
}
