package dev.locus.core.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One group of {@link DataSet#groupByKey}: a key and the elements that have it, in no particular
 * order. It is a {@link Map.Entry} (read-only, equal to any entry with the same key and values) and
 * a plain record, so Kryo serializes it without registration. Unlike {@link Map#entry} it allows a
 * null key: elements whose key is null form one group.
 */
public record KeyedGroup<K, T>(K key, List<T> values) implements Map.Entry<K, List<T>> {
  public KeyedGroup {
    Objects.requireNonNull(values, "values is null");
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public List<T> getValue() {
    return values;
  }

  @Override
  public List<T> setValue(List<T> value) {
    throw new UnsupportedOperationException("A KeyedGroup is immutable");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Map.Entry<?, ?> entry
        && Objects.equals(key, entry.getKey())
        && values.equals(entry.getValue());
  }

  @Override
  public int hashCode() {
    // The Map.Entry contract.
    return Objects.hashCode(key) ^ values.hashCode();
  }

  @Override
  public String toString() {
    return key + "=" + values;
  }
}
