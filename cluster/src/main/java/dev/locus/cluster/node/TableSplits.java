package dev.locus.cluster.node;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.remote.RemoteTableSource;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * How a cluster table is cut into tasks: one split per ~250K estimated rows, at most 24. The
 * coordinator plans with the split count a worker reports; the worker that runs task {@code i} cuts
 * the table the same way and reads split {@code i}.
 */
public final class TableSplits {
  private static final long ROWS_PER_SPLIT = 250_000;
  private static final int MAX_SPLITS = 24;

  private TableSplits() {}

  /** The parallelism to ask a source for, from its estimated rows. */
  public static int requested(long estimatedRows) {
    long wanted = (estimatedRows + ROWS_PER_SPLIT - 1) / ROWS_PER_SPLIT;
    return (int) Math.max(1, Math.min(MAX_SPLITS, wanted));
  }

  /** Describes a source this node read at {@code path} for the coordinator. */
  public static RemoteTableSource describe(List<String> path, Source source) {
    long rows = source.estimatedRows();
    int splitCount = source.splits(requested(rows)).size();
    return new RemoteTableSource(
        path, source.schema(), rows, source.uniqueKeys(), Math.max(1, splitCount));
  }

  /** Split {@code index} of a source, cut as when the table was described. */
  public static SourceSplit split(RemoteTableSource table, Source source, int index) {
    Schema expected = table.schema();
    if (!source.schema().equals(expected)) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Table '"
              + table.name()
              + "' changed since the job was planned: its columns are "
              + source.schema()
              + ", planned with "
              + expected);
    }
    List<SourceSplit> splits = source.splits(requested(table.estimatedRows()));
    if (splits.isEmpty() && index == 0 && table.splitCount() == 1) {
      return null;
    }
    if (splits.size() != table.splitCount()) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "Table '"
              + table.name()
              + "' now has "
              + splits.size()
              + " splits on this node; the job was planned with "
              + table.splitCount());
    }
    return splits.get(index);
  }
}
