package dev.locus.costmodel;

/** How far an estimate can be trusted; a derived estimate is as weak as its weakest input. */
public enum Confidence {
  /** Guessed: a default selectivity, or a source that could not tell its size. */
  LOW,
  /** From a sample, or derived by a rule that may be off (a lossy CAST, a selectivity). */
  MEDIUM,
  /** Known: counted, a generator's exact size, or a database's own statistics after ANALYZE. */
  HIGH;

  public Confidence and(Confidence other) {
    return compareTo(other) <= 0 ? this : other;
  }
}
