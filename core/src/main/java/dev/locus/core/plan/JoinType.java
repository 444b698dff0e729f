package dev.locus.core.plan;

/** The kinds of join. SEMI and ANTI output only the left input's columns. */
public enum JoinType {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  SEMI,
  ANTI;

  public boolean outputsRight() {
    return this != SEMI && this != ANTI;
  }
}
