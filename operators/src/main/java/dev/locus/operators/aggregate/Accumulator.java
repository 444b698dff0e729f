package dev.locus.operators.aggregate;

import dev.locus.core.type.Field;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * The per-group state of one aggregate call, in primitive arrays indexed by group id. Updated a
 * column at a time: every call covers rows {@code [0, rowCount)} of a batch, with the group id of
 * each row in {@code groupIds}.
 */
abstract class Accumulator {
  /** The intermediate columns this aggregate's state travels in between PARTIAL and FINAL. */
  abstract List<Field> intermediateFields();

  /** Makes room for groups {@code [0, groupCount)}; new groups start empty. */
  abstract void ensureCapacity(int groupCount);

  /** Adds raw input values; {@code argument} is null for {@code COUNT(*)}. */
  abstract void addInput(FieldVector argument, int[] groupIds, int rowCount);

  /**
   * As {@link #addInput(FieldVector, int[], int)}, also given how many of the rows fall in each
   * group {@code [0, groupCount)}, so that an accumulator counting values need not count per row
   * when the argument has no NULLs.
   */
  void addInput(
      FieldVector argument, int[] groupIds, int rowCount, int[] groupRows, int groupCount) {
    addInput(argument, groupIds, rowCount);
  }

  /** Merges intermediate states, one vector per {@link #intermediateFields} column. */
  abstract void addIntermediate(FieldVector[] state, int[] groupIds, int rowCount);

  /**
   * Writes the intermediate states of groups {@code [from, from + count)} to rows {@code [0,
   * count)} of allocated vectors; the caller sets the value counts.
   */
  abstract void writeIntermediate(int from, int count, FieldVector[] targets);

  /** Writes the final values of groups {@code [from, from + count)}, as above. */
  abstract void writeFinal(int from, int count, FieldVector target);

  static int grownCapacity(int current, int needed) {
    int capacity = Math.max(current, 16);
    while (capacity < needed) {
      capacity = capacity * 2 > 0 ? capacity * 2 : Integer.MAX_VALUE - 8;
    }
    return capacity;
  }
}
