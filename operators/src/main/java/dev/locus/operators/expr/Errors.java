package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;

/** The messages of evaluation errors; {@code text} is the failing expression with column names. */
final class Errors {
  private Errors() {}

  static LocusException divisionByZero(String text) {
    return new LocusException(ErrorCode.DIVISION_BY_ZERO, "Division by zero in " + text);
  }

  /** An INT or BIGINT result out of range; {@code value} says how it was computed. */
  static LocusException integerOverflow(String value, DataType type, String text) {
    return new LocusException(
        ErrorCode.NUMERIC_OVERFLOW,
        "Integer overflow: " + value + " does not fit " + type + " in " + text);
  }

  static LocusException decimalOverflow(String value, DataType type, String text) {
    return new LocusException(
        ErrorCode.NUMERIC_OVERFLOW,
        "Decimal overflow: " + value + " does not fit " + type + " in " + text);
  }

  static LocusException invalidCast(String value, DataType type, String text) {
    return new LocusException(
        ErrorCode.INVALID_CAST, "Cannot cast " + value + " to " + type + " in " + text);
  }

  /** A string as a SQL literal, for messages. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
