package dev.locus.operators.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.batch.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The consumer of an operator's output in tests: checks each batch's size and column count, copies
 * its rows and closes it.
 */
public final class BatchCollector implements Consumer<VectorSchemaRoot> {
  private final int columnCount;
  private final List<List<Object>> rows = new ArrayList<>();
  private final List<Integer> batchSizes = new ArrayList<>();

  public BatchCollector(int columnCount) {
    this.columnCount = columnCount;
  }

  @Override
  public synchronized void accept(VectorSchemaRoot batch) {
    try (batch) {
      assertThat(batch.getRowCount()).isBetween(1, Batches.DEFAULT_BATCH_SIZE);
      assertThat(batch.getFieldVectors()).hasSize(columnCount);
      rows.addAll(Rows.of(batch));
      batchSizes.add(batch.getRowCount());
    }
  }

  public synchronized List<List<Object>> rows() {
    return rows;
  }

  public synchronized List<Integer> batchSizes() {
    return batchSizes;
  }
}
