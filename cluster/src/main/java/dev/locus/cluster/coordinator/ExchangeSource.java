package dev.locus.cluster.coordinator;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * Stands in a stage's fragment for the rows another stage sends it through an exchange: the task
 * that runs the fragment replaces it with the batches its inbox received.
 *
 * @param stageId the stage whose output this is
 */
public record ExchangeSource(int stageId, Schema schema, long estimatedRows) implements Source {
  public ExchangeSource {
    requireNonNull(schema, "schema is null");
  }

  @Override
  public String name() {
    return "exchange-from-stage-" + stageId;
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    throw new LocusException(
        ErrorCode.INTERNAL_ERROR, "Stage " + stageId + "'s exchange was read outside its task");
  }
}
