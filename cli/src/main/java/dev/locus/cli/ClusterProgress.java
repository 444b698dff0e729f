package dev.locus.cli;

import dev.locus.client.JobStatus;
import dev.locus.client.StageStatus;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One line of a cluster job's progress on a terminal, rewritten in place ({@code \r}): {@code job-3
 * RUNNING stages 1/3 tasks 7/12 rows 12,345 2.1 s}.
 */
final class ClusterProgress {
  /** How often the line changes: the long poll's wait. */
  static final long POLL_MILLIS = 250;

  private final PrintWriter out;
  private int shown;

  ClusterProgress(PrintWriter out) {
    this.out = out;
  }

  void show(JobStatus status) {
    String line = line(status);
    out.print('\r' + line + " ".repeat(Math.max(0, shown - line.length())));
    out.flush();
    shown = line.length();
  }

  /** Removes the line, so that the result starts on a clean one. */
  void clear() {
    if (shown > 0) {
      out.print('\r' + " ".repeat(shown) + '\r');
      out.flush();
      shown = 0;
    }
  }

  static String line(JobStatus status) {
    int tasks = 0;
    int finished = 0;
    for (StageStatus stage : status.stages()) {
      tasks += stage.tasks();
      finished += stage.finished();
    }
    return String.format(
        Locale.ROOT,
        "%s %s  stages %d/%d  tasks %d/%d  rows %,d  %.1f s",
        status.jobId(),
        status.status(),
        status.finishedStages(),
        status.stages().size(),
        finished,
        tasks,
        status.stageRows(),
        status.elapsedMillis() / 1000.0);
  }

  /** The stages of a finished job, one line each, for {@code sql --cluster --explain}. */
  static String explain(JobStatus status) {
    StringBuilder text = new StringBuilder();
    text.append("Job ").append(status.jobId()).append(" on the cluster, ");
    text.append(status.stages().size()).append(status.stages().size() == 1 ? " stage" : " stages");
    text.append('\n');
    for (StageStatus stage : status.stages()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  stage %d: %s  (%d %s%s, rows %d, nodes %s, sites %s)%n",
              stage.stageId(),
              stage.description(),
              stage.tasks(),
              stage.tasks() == 1 ? "task" : "tasks",
              stage.retries() > 0 ? ", " + stage.retries() + " retried" : "",
              stage.rows(),
              stage.nodes(),
              stage.sites()));
    }
    return text.toString();
  }
}
