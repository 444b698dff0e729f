package dev.locus.cli.bench;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;

/**
 * What one TPC-H query measured on both engines.
 *
 * @param query the query number, 1 to 22
 * @param locusMillis Locus's median time; empty when Locus failed
 * @param duckDbMillis DuckDB's median time
 * @param rows the rows of the answer (Locus's, or DuckDB's when Locus failed)
 * @param outcome whether Locus's answer matched DuckDB's
 * @param detail the error or the first difference; empty when the answers match
 */
public record QueryTiming(
    int query,
    OptionalDouble locusMillis,
    double duckDbMillis,
    long rows,
    Outcome outcome,
    String detail) {
  /** How Locus's answer compares with DuckDB's. */
  public enum Outcome {
    MATCH,
    DIFFERENT,
    FAILED
  }

  public QueryTiming {
    requireNonNull(locusMillis, "locusMillis is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(detail, "detail is null");
    if (locusMillis.isEmpty() != (outcome == Outcome.FAILED)) {
      throw new IllegalArgumentException(
          "Locus time must be given exactly when Locus did not fail; found "
              + locusMillis
              + " with outcome "
              + outcome);
    }
  }

  /** Locus's time over DuckDB's; empty when Locus failed. */
  public OptionalDouble ratio() {
    return locusMillis.isPresent()
        ? OptionalDouble.of(locusMillis.getAsDouble() / Math.max(duckDbMillis, 1e-3))
        : OptionalDouble.empty();
  }
}
