package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Splits object batches by key hash for a shuffle: objects with equal keys (by {@code equals} and
 * {@code hashCode}) go to the same partition, null keys to partition 0. The key's hash code is
 * mixed before it is reduced to a partition, so that the hash tables of a partition (which use the
 * low bits) still spread their keys. Partitions agree across processes only for keys whose {@code
 * hashCode} is stable across JVMs (strings, numbers, records of those; not enums or identity
 * hashes).
 */
public final class ObjectPartitioner {
  private final int partitions;
  private final Function<Object, ?> key;
  private final String operator;

  /**
   * @param operator the operator whose key function this is, for error messages (ReduceByKey, ...)
   */
  public ObjectPartitioner(int partitions, Function<Object, ?> key, String operator) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1; found " + partitions);
    }
    this.partitions = partitions;
    this.key = requireNonNull(key, "key is null");
    this.operator = requireNonNull(operator, "operator is null");
  }

  /** Partitions objects by their own value (for distinct). */
  public static ObjectPartitioner byValue(int partitions) {
    return new ObjectPartitioner(partitions, Function.identity(), "Distinct");
  }

  public int partitionCount() {
    return partitions;
  }

  /** The partition of one object. */
  public int partitionOf(Object element) {
    Object elementKey;
    try {
      elementKey = key.apply(element);
    } catch (RuntimeException e) {
      throw UserFunctions.failed(operator, element, e);
    }
    return elementKey == null ? 0 : Math.floorMod(mix(elementKey.hashCode()), partitions);
  }

  /** The batch's objects per partition, in arrival order; null where a partition gets none. */
  @SuppressWarnings("unchecked")
  public List<Object>[] partition(List<Object> batch) {
    List<Object>[] parts = new List[partitions];
    int expected = batch.size() / partitions + 1;
    for (Object element : batch) {
      int target = partitionOf(element);
      List<Object> part = parts[target];
      if (part == null) {
        part = new ArrayList<>(expected);
        parts[target] = part;
      }
      part.add(element);
    }
    return parts;
  }

  /** Murmur3's 32-bit finalizer. */
  static int mix(int hash) {
    int h = hash;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
