package dev.locus.cli.output;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The text of a non-null value, shared by every output format:
 *
 * <ul>
 *   <li>DECIMAL: plain digits with the column's scale ({@code 123.40}, never an exponent);
 *   <li>DOUBLE: {@link Double#toString(double)}, the shortest text that reads back as the same
 *       double ({@code 0.1}, {@code 3.0}, {@code 1.0E10}, {@code NaN}, {@code Infinity});
 *   <li>DATE: ISO {@code 1998-09-02};
 *   <li>TIMESTAMP: ISO with a space, always with seconds, with as many fraction digits as needed
 *       ({@code 1998-09-02 10:11:12}, {@code 1998-09-02 10:11:12.25});
 *   <li>BOOLEAN: {@code true}/{@code false}; INT, BIGINT, VARCHAR: as they are.
 * </ul>
 */
public final class ValueText {
  private ValueText() {}

  public static String of(Object value) {
    requireNonNull(value, "value is null");
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Double number) {
      return Double.toString(number);
    }
    if (value instanceof LocalDateTime timestamp) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(timestamp)
          + ' '
          + DateTimeFormatter.ISO_LOCAL_TIME.format(timestamp);
    }
    if (value instanceof LocalDate date) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }
    return value.toString();
  }
}
