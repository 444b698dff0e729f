package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Stands in the final plan for the output of a stage that runs on the workers; replaced by the
 * batches the stage sent once it has finished.
 */
record StageOutputSource(int stageId, Schema schema, long estimatedRows) implements Source {
  StageOutputSource {
    requireNonNull(schema, "schema is null");
  }

  @Override
  public String name() {
    return "stage-" + stageId;
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    throw new LocusException(
        ErrorCode.INTERNAL_ERROR, "Stage " + stageId + "'s output was read before it finished");
  }
}
