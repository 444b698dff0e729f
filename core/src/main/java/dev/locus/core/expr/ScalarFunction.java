package dev.locus.core.expr;

/**
 * The scalar functions and operators of Locus expressions.
 *
 * <p>In a bound {@link FunctionCall} (after {@link ExpressionBinder}) the arguments already have
 * the types the function works on; the binder inserts the implicit {@link #CAST}s. So an evaluator
 * can rely on these forms:
 *
 * <ul>
 *   <li>{@link #ADD}, {@link #SUBTRACT}, {@link #MODULO}: both arguments of the result type (INT,
 *       BIGINT, DOUBLE, or DECIMAL of the result's scale).
 *   <li>{@link #MULTIPLY}: both arguments of one kind; for DECIMAL the result scale is the sum of
 *       the argument scales.
 *   <li>{@link #DIVIDE}: both arguments of one kind; for DECIMAL the result has its own scale and
 *       the quotient is rounded half-up to it. Division by zero is an error.
 *   <li>Comparisons, {@link #IN}, {@link #COALESCE}: all arguments of one type.
 *   <li>{@link #CASE}: arguments {@code [condition1, value1, condition2, value2, ..., else]}; the
 *       values are of the result type; the else is always present (a NULL constant when the user
 *       gave none).
 *   <li>{@link #LIKE}: {@code [value, pattern]} where pattern is a VARCHAR constant ({@code %} and
 *       {@code _} wildcards, no escape).
 *   <li>{@link #SUBSTRING}: {@code [value, start (INT, 1-based)]} or {@code [value, start,
 *       length]}.
 *   <li>{@link #ADD_DAYS}, {@link #ADD_MONTHS}: {@code [date, amount (INT)]}; months clamp the day
 *       to the end of the month, as SQL does.
 *   <li>{@link #CAST}: {@code [value]}; the target is the call's type.
 * </ul>
 *
 * AND and OR follow SQL three-valued logic; every other function returns NULL when an argument is
 * NULL, except IS NULL, IS NOT NULL, CASE and COALESCE.
 */
public enum ScalarFunction {
  ADD("+", true),
  SUBTRACT("-", true),
  MULTIPLY("*", true),
  DIVIDE("/", true),
  MODULO("%", true),
  NEGATE("-", false),
  EQUAL("=", true),
  NOT_EQUAL("<>", true),
  LESS_THAN("<", true),
  LESS_THAN_OR_EQUAL("<=", true),
  GREATER_THAN(">", true),
  GREATER_THAN_OR_EQUAL(">=", true),
  AND("AND", true),
  OR("OR", true),
  NOT("NOT", false),
  IS_NULL("IS NULL", false),
  IS_NOT_NULL("IS NOT NULL", false),
  /** Only before binding: {@code [value, low, high]}, bound to two comparisons. */
  BETWEEN("BETWEEN", false),
  IN("IN", false),
  LIKE("LIKE", true),
  CASE("CASE", false),
  COALESCE("COALESCE", false),
  CAST("CAST", false),
  SUBSTRING("SUBSTRING", false),
  UPPER("UPPER", false),
  LOWER("LOWER", false),
  TRIM("TRIM", false),
  LENGTH("LENGTH", false),
  CONCAT("||", true),
  ABS("ABS", false),
  EXTRACT_YEAR("YEAR", false),
  EXTRACT_MONTH("MONTH", false),
  EXTRACT_DAY("DAY", false),
  ADD_DAYS("ADD_DAYS", false),
  ADD_MONTHS("ADD_MONTHS", false),
  /**
   * {@code [count (BIGINT), value]}: the value, or an error when count is above 1. SQL's scalar
   * subqueries use it: a subquery that yields several rows where one value is expected fails the
   * query instead of picking one.
   */
  SINGLE_VALUE("SINGLE_VALUE", false);

  private final String symbol;
  private final boolean infix;

  ScalarFunction(String symbol, boolean infix) {
    this.symbol = symbol;
    this.infix = infix;
  }

  /** How the function is written in explain output and messages. */
  public String symbol() {
    return symbol;
  }

  /** Whether the function is written between its two arguments ({@code a + b}). */
  public boolean infix() {
    return infix;
  }

  public boolean isComparison() {
    return this == EQUAL
        || this == NOT_EQUAL
        || this == LESS_THAN
        || this == LESS_THAN_OR_EQUAL
        || this == GREATER_THAN
        || this == GREATER_THAN_OR_EQUAL;
  }

  public boolean isArithmetic() {
    return this == ADD || this == SUBTRACT || this == MULTIPLY || this == DIVIDE || this == MODULO;
  }
}
