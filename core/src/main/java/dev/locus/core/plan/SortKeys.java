package dev.locus.core.plan;

import dev.locus.core.type.Schema;
import java.util.List;

final class SortKeys {
  private SortKeys() {}

  static String describe(List<SortKey> keys, Schema schema) {
    return keys.stream()
        .map(
            key ->
                schema.field(key.column()).name()
                    + (key.ascending() ? " ASC" : " DESC")
                    + (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
        .toList()
        .toString();
  }
}
