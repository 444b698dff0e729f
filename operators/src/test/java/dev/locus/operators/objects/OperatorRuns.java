package dev.locus.operators.objects;

import dev.locus.operators.Operator;
import java.util.ArrayList;
import java.util.List;

/** Runs an object operator over batches in a test and collects what it emits. */
final class OperatorRuns {
  private OperatorRuns() {}

  /** Every object emitted, in order. */
  static List<Object> run(Operator<List<Object>, List<Object>> operator, List<List<Object>> input) {
    List<Object> output = new ArrayList<>();
    for (List<Object> batch : runBatches(operator, input)) {
      output.addAll(batch);
    }
    return output;
  }

  /** The batches emitted. */
  static List<List<Object>> runBatches(
      Operator<List<Object>, List<Object>> operator, List<List<Object>> input) {
    List<List<Object>> output = new ArrayList<>();
    try (operator) {
      for (List<Object> batch : input) {
        operator.push(new ArrayList<>(batch), output::add);
      }
      operator.finish(output::add);
    }
    return output;
  }
}
