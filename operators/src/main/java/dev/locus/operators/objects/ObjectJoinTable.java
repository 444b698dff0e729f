package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The build side of an object hash join: every object of the right input, indexed by key (by {@code
 * equals}; objects with a null key are kept but never match). One table is shared by the probe
 * operators of all partitions: it records which build objects matched (thread-safe) and how many
 * probes are still running, so that the last probe to finish emits the unmatched build objects of a
 * RIGHT or FULL join exactly once.
 */
public final class ObjectJoinTable {
  private static final IntArrayList NO_MATCHES = new IntArrayList(0);

  private final List<Object> rows;
  private final Map<Object, IntArrayList> index;
  private final AtomicLongArray matched;
  private final AtomicInteger runningProbes;

  private ObjectJoinTable(List<Object> rows, Map<Object, IntArrayList> index, int probeCount) {
    this.rows = rows;
    this.index = index;
    this.matched = new AtomicLongArray((rows.size() + 63) >>> 6);
    this.runningProbes = new AtomicInteger(probeCount);
  }

  /**
   * Indexes the objects of the build batches by {@code key}; {@code probeCount} probe operators
   * will each call {@link #probeFinished} once.
   */
  public static ObjectJoinTable build(
      List<? extends List<Object>> batches, Function<Object, Object> key, int probeCount) {
    requireNonNull(batches, "batches is null");
    requireNonNull(key, "key is null");
    if (probeCount < 1) {
      throw new IllegalArgumentException("probeCount must be at least 1; found " + probeCount);
    }
    List<Object> rows = new ArrayList<>();
    for (List<Object> batch : batches) {
      rows.addAll(batch);
    }
    Map<Object, IntArrayList> index = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Object element = rows.get(i);
      Object elementKey;
      try {
        elementKey = key.apply(element);
      } catch (RuntimeException e) {
        throw UserFunctions.failed("Join", element, e);
      }
      if (elementKey != null) {
        index.computeIfAbsent(elementKey, k -> new IntArrayList(1)).add(i);
      }
    }
    return new ObjectJoinTable(rows, index, probeCount);
  }

  public int size() {
    return rows.size();
  }

  /** The positions of the build objects with this key (none for a null key). */
  IntArrayList matches(Object key) {
    if (key == null) {
      return NO_MATCHES;
    }
    IntArrayList positions = index.get(key);
    return positions == null ? NO_MATCHES : positions;
  }

  Object row(int position) {
    return rows.get(position);
  }

  void markMatched(int position) {
    int word = position >>> 6;
    long bit = 1L << position;
    long current = matched.get(word);
    while ((current & bit) == 0) {
      long witness = matched.compareAndExchange(word, current, current | bit);
      if (witness == current) {
        return;
      }
      current = witness;
    }
  }

  boolean isMatched(int position) {
    return (matched.get(position >>> 6) & (1L << position)) != 0;
  }

  /**
   * Called once by each probe operator when it has seen all its input; true for the last one, which
   * then sees every other probe's matches.
   */
  boolean probeFinished() {
    int left = runningProbes.decrementAndGet();
    if (left < 0) {
      throw new IllegalStateException("More probes finished than the table was built for");
    }
    return left == 0;
  }
}
