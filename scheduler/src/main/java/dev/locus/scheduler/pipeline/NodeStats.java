package dev.locus.scheduler.pipeline;

import dev.locus.core.execution.OperatorStats;
import java.util.concurrent.atomic.AtomicLong;

/** Rows, batches and time of one plan node, added to by every partition's operators. */
public final class NodeStats {
  private final int nodeId;
  private final String operator;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  public NodeStats(int nodeId, String operator) {
    this.nodeId = nodeId;
    this.operator = operator;
  }

  public void addOutput(long rowCount) {
    rows.addAndGet(rowCount);
    batches.incrementAndGet();
  }

  public void addNanos(long elapsed) {
    nanos.addAndGet(elapsed);
  }

  public OperatorStats snapshot() {
    return new OperatorStats(nodeId, operator, rows.get(), batches.get(), nanos.get());
  }
}
