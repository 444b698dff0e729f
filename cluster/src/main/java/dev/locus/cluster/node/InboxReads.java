package dev.locus.cluster.node;

import dev.locus.core.batch.Batches;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.StreamId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads the accepted streams of an inbox into what a plan can scan: a join task's inputs, and the
 * coordinator's stage outputs.
 */
public final class InboxReads {
  private InboxReads() {}

  /** The Arrow batches of {@code streams}, in order, as one in-memory source that owns them. */
  public static ArrowMemorySource arrow(
      ExchangeInbox inbox,
      List<StreamId> streams,
      BufferAllocator allocator,
      String name,
      Schema schema) {
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      for (StreamId stream : streams) {
        inbox.read(stream, allocator, batch -> batches.add((VectorSchemaRoot) batch));
      }
      return new ArrowMemorySource(name, schema, batches);
    } catch (RuntimeException e) {
      Batches.closeAll(batches);
      throw e;
    }
  }

  /** The objects of {@code streams} (object batches), one row of one object each. */
  public static List<List<Object>> objects(
      ExchangeInbox inbox, List<StreamId> streams, BufferAllocator allocator) {
    List<List<Object>> rows = new ArrayList<>();
    for (StreamId stream : streams) {
      inbox.read(
          stream,
          allocator,
          batch -> {
            for (Object object : (List<?>) batch) {
              rows.add(Collections.singletonList(object));
            }
          });
    }
    return rows;
  }
}
