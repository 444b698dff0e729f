package dev.locus.adapters.flink.plugin;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.SourceSplit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Locus source splits that jobs on the embedded MiniCluster read, by key. Flink ships a job's
 * functions serialized; Locus sources are not serializable, so a function carries only a key and
 * finds its splits here: the MiniCluster runs in this JVM and this class loader.
 */
final class SplitRegistry {
  /** The splits of one scan, with the columns to read. */
  record Entry(String sourceName, List<SourceSplit> splits, List<Integer> columns) {
    Entry {
      requireNonNull(sourceName, "sourceName is null");
      splits = List.copyOf(requireNonNull(splits, "splits is null"));
      columns = List.copyOf(requireNonNull(columns, "columns is null"));
    }
  }

  private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

  private SplitRegistry() {}

  static String register(Entry entry) {
    String key = UUID.randomUUID().toString();
    ENTRIES.put(key, entry);
    return key;
  }

  static Entry get(String key) {
    Entry entry = ENTRIES.get(key);
    if (entry == null) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Flink job reads scan " + key + " that is no longer registered (finished or closed)");
    }
    return entry;
  }

  static void remove(String key) {
    ENTRIES.remove(key);
  }
}
