package dev.locus.scheduler;

import static dev.locus.core.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.api.Locus;
import dev.locus.core.batch.Batches;
import dev.locus.core.execution.ExecutorConfig;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** A satisfied limit stops the scans under it: a limit over an endless source finishes. */
class EarlyLimitIT {
  private static final Schema SCHEMA = Schema.of(Field.notNull("n", DataType.BIGINT));

  /** Counts up forever, one batch at a time, and remembers how many readers it closed. */
  private static final class EndlessSource implements Source {
    final AtomicLong batchesRead = new AtomicLong();
    final AtomicInteger readersClosed = new AtomicInteger();

    @Override
    public String name() {
      return "endless";
    }

    @Override
    public Schema schema() {
      return SCHEMA;
    }

    @Override
    public long estimatedRows() {
      return Long.MAX_VALUE / 2;
    }

    @Override
    public List<SourceSplit> splits(int parallelism) {
      List<SourceSplit> splits = new ArrayList<>();
      for (int i = 0; i < parallelism; i++) {
        long first = i * 1_000_000_000L;
        splits.add(
            new SourceSplit() {
              @Override
              public BatchReader open(BufferAllocator allocator, List<Integer> columns, int size) {
                return new BatchReader() {
                  long next = first;

                  @Override
                  public VectorSchemaRoot next() {
                    VectorSchemaRoot batch = Batches.allocate(SCHEMA, allocator, size);
                    BigIntVector vector = (BigIntVector) batch.getVector(0);
                    for (int row = 0; row < size; row++) {
                      vector.set(row, next++);
                    }
                    batch.setRowCount(size);
                    batchesRead.incrementAndGet();
                    return batch;
                  }

                  @Override
                  public void close() {
                    readersClosed.incrementAndGet();
                  }
                };
              }

              @Override
              public String describe() {
                return "endless from " + first;
              }
            });
      }
      return splits;
    }
  }

  @Test
  void limitOverAnEndlessSourceFinishes() {
    EndlessSource source = new EndlessSource();
    try (Locus locus = Locus.local(new ExecutorConfig(3, 1000))) {
      long rows = locus.read(source).filter(col("n").ge(0)).limit(2500).collect().size();
      assertThat(rows).isEqualTo(2500);
    }
    // Each of the 3 partitions stops after the batches that filled its limit.
    assertThat(source.batchesRead.get()).isLessThanOrEqualTo(9);
    assertThat(source.readersClosed.get()).isEqualTo(3);
  }

  @Test
  void limitOfTypedObjectsStopsToo() {
    try (Locus locus = Locus.local(new ExecutorConfig(2, 100))) {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 0; i < 100_000; i++) {
        numbers.add(i);
      }
      assertThat(locus.fromCollection(numbers).map(n -> n * 2).limit(7).collect()).hasSize(7);
    }
  }
}
