package dev.locus.client;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The progress of one stage of a job.
 *
 * @param description the operators the stage runs, for example {@code Scan tpch.sf0_01.orders →
 *     Filter}
 * @param tasks the stage's tasks (partitions)
 * @param finished tasks that have finished
 * @param running tasks running now
 * @param retries tasks re-run after a failure (for example a lost worker)
 * @param nodes the nodes ({@code host:port}) the stage's tasks ran on
 * @param sites the sites of those nodes
 * @param rows rows the stage has produced so far
 */
public record StageStatus(
    int stageId,
    String description,
    int tasks,
    int finished,
    int running,
    int retries,
    List<String> nodes,
    List<String> sites,
    long rows) {
  public StageStatus {
    requireNonNull(description, "description is null");
    nodes = List.copyOf(requireNonNull(nodes, "nodes is null"));
    sites = List.copyOf(requireNonNull(sites, "sites is null"));
  }

  /** Whether every task of the stage has finished. */
  public boolean isFinished() {
    return tasks > 0 && finished >= tasks;
  }
}
