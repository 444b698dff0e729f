package dev.locus.costmodel;

/** How far an estimate can be trusted; a derived estimate is as weak as its weakest input. */
public enum Confidence {
  /** Guessed: a default selectivity, or a source that could not tell its size. */
  LOW,
  /** From a sample or database statistics. */
  MEDIUM,
  /** Known: counted, or a generator's exact size. */
  HIGH;

  public Confidence and(Confidence other) {
    return compareTo(other) <= 0 ? this : other;
  }
}
