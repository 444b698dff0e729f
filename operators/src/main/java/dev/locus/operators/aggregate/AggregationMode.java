package dev.locus.operators.aggregate;

/**
 * Which half of a two-phase aggregation a {@link HashAggregateOperator} runs.
 *
 * <pre>
 * SINGLE   raw input    -> final output
 * PARTIAL  raw input    -> intermediate states (see HashAggregateOperator#intermediateSchema)
 * FINAL    intermediate -> final output
 * </pre>
 */
public enum AggregationMode {
  PARTIAL,
  FINAL,
  SINGLE
}
