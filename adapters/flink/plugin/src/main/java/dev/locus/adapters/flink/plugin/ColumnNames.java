package dev.locus.adapters.flink.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * The column names of the Flink tables a plan becomes. Locus refers to columns by position and
 * allows duplicate names, Flink's Table API by name: every translated node names its columns {@code
 * prefix0, prefix1, ...}, so that the two inputs of a join never clash.
 */
final class ColumnNames {
  static final String OUTPUT = "f";

  private ColumnNames() {}

  static String name(String prefix, int index) {
    return prefix + index;
  }

  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }
}
