package dev.locus.operators.objects;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.function.Pair;
import dev.locus.core.plan.JoinType;
import dev.locus.operators.Operator;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Probes an {@link ObjectJoinTable} (the right input) with the objects of one partition of the left
 * input and emits a {@link Pair}{@code (left, right)} per match. LEFT and FULL joins also emit
 * {@code Pair(left, null)} for a left object without a match; RIGHT and FULL joins emit {@code
 * Pair(null, right)} for every unmatched right object once, from whichever probe operator finishes
 * last.
 */
public final class ObjectHashJoinOperator implements Operator<List<Object>, List<Object>> {
  private final JoinType type;
  private final ObjectJoinTable table;
  private final Function<Object, Object> probeKey;
  private final int batchSize;
  private final boolean outputUnmatchedProbe;
  private final boolean trackMatches;
  private boolean finished;

  public ObjectHashJoinOperator(
      JoinType type, ObjectJoinTable table, Function<Object, Object> probeKey, int batchSize) {
    this.type = requireNonNull(type, "type is null");
    this.table = requireNonNull(table, "table is null");
    this.probeKey = requireNonNull(probeKey, "probeKey is null");
    if (type == JoinType.SEMI || type == JoinType.ANTI) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED,
          "Object joins output pairs; join type "
              + type
              + " is not supported; use one of "
              + List.of(JoinType.INNER, JoinType.LEFT, JoinType.RIGHT, JoinType.FULL));
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1; found " + batchSize);
    }
    this.batchSize = batchSize;
    this.outputUnmatchedProbe = type == JoinType.LEFT || type == JoinType.FULL;
    this.trackMatches = type == JoinType.RIGHT || type == JoinType.FULL;
  }

  @Override
  public void push(List<Object> batch, Consumer<List<Object>> out) {
    List<Object> output = new ArrayList<>(Math.min(batchSize, batch.size()));
    for (Object element : batch) {
      Object key;
      try {
        key = probeKey.apply(element);
      } catch (RuntimeException e) {
        throw UserFunctions.failed("Join", element, e);
      }
      IntArrayList matches = table.matches(key);
      int count = matches.size();
      if (count == 0 && outputUnmatchedProbe) {
        output.add(new Pair<>(element, null));
      }
      for (int i = 0; i < count; i++) {
        int position = matches.getInt(i);
        if (trackMatches) {
          table.markMatched(position);
        }
        output.add(new Pair<>(element, table.row(position)));
        if (output.size() >= batchSize) {
          out.accept(output);
          output = new ArrayList<>(batchSize);
        }
      }
      if (output.size() >= batchSize) {
        out.accept(output);
        output = new ArrayList<>(batchSize);
      }
    }
    if (!output.isEmpty()) {
      out.accept(output);
    }
  }

  @Override
  public void finish(Consumer<List<Object>> out) {
    if (finished) {
      return;
    }
    finished = true;
    if (table.probeFinished() && trackMatches) {
      List<Object> output = new ArrayList<>();
      for (int position = 0; position < table.size(); position++) {
        if (!table.isMatched(position)) {
          output.add(new Pair<>(null, table.row(position)));
          if (output.size() == batchSize) {
            out.accept(output);
            output = new ArrayList<>();
          }
        }
      }
      if (!output.isEmpty()) {
        out.accept(output);
      }
    }
  }

  @Override
  public void close() {}
}
