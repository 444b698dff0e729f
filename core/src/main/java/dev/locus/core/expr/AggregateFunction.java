package dev.locus.core.expr;

/** The aggregate functions. */
public enum AggregateFunction {
  SUM,
  COUNT,
  AVG,
  MIN,
  MAX
}
