package dev.locus.core.source.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses field text (a range of a char array) into the primitive form of a Locus type, without
 * making a String. A value that does not parse throws {@link InvalidValue#INSTANCE}; the caller
 * turns it into an error naming the file, line, column and value.
 */
final class CsvValues {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private CsvValues() {}

  /** Thrown for text that is not a value of the wanted type; shared, without a stack trace. */
  static final class InvalidValue extends RuntimeException {
    static final InvalidValue INSTANCE = new InvalidValue();

    private InvalidValue() {
      super("invalid value", null, false, false);
    }
  }

  // hot path
  static long parseLong(char[] chars, int start, int end) {
    int i = start;
    boolean negative = false;
    if (i < end && (chars[i] == '-' || chars[i] == '+')) {
      negative = chars[i] == '-';
      i++;
    }
    if (i == end) {
      throw InvalidValue.INSTANCE;
    }
    // Accumulate negatively so that Long.MIN_VALUE parses.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyMin = limit / 10;
    long result = 0;
    for (; i < end; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9 || result < multiplyMin) {
        throw InvalidValue.INSTANCE;
      }
      result *= 10;
      if (result < limit + digit) {
        throw InvalidValue.INSTANCE;
      }
      result -= digit;
    }
    return negative ? result : -result;
  }

  static int parseInt(char[] chars, int start, int end) {
    long value = parseLong(chars, start, end);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw InvalidValue.INSTANCE;
    }
    return (int) value;
  }

  static double parseDouble(char[] chars, int start, int end) {
    String text = new String(chars, start, end - start);
    char last = end > start ? chars[end - 1] : ' ';
    if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || Character.isWhitespace(last)) {
      throw InvalidValue.INSTANCE; // Java suffixes and padding are not CSV numbers
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw InvalidValue.INSTANCE;
    }
  }

  static boolean parseBoolean(char[] chars, int start, int end) {
    if (matches(chars, start, end, "true")) {
      return true;
    }
    if (matches(chars, start, end, "false")) {
      return false;
    }
    throw InvalidValue.INSTANCE;
  }

  static boolean isBoolean(char[] chars, int start, int end) {
    return matches(chars, start, end, "true") || matches(chars, start, end, "false");
  }

  private static boolean matches(char[] chars, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (Character.toLowerCase(chars[start + i]) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shape of a plain decimal ({@code [+-]digits[.digits]}, no exponent): significant integer
   * digits times 2^32 plus fraction digits, or -1 when the text is not a plain decimal.
   */
  static long decimalShape(char[] chars, int start, int end) {
    int i = start;
    if (i < end && (chars[i] == '-' || chars[i] == '+')) {
      i++;
    }
    int integerDigits = 0;
    boolean anyDigit = false;
    for (; i < end && chars[i] >= '0' && chars[i] <= '9'; i++) {
      anyDigit = true;
      if (integerDigits > 0 || chars[i] != '0') {
        integerDigits++;
      }
    }
    int fractionDigits = 0;
    if (i < end && chars[i] == '.') {
      i++;
      for (; i < end && chars[i] >= '0' && chars[i] <= '9'; i++) {
        anyDigit = true;
        fractionDigits++;
      }
    }
    if (i != end || !anyDigit) {
      return -1;
    }
    return ((long) integerDigits << 32) | fractionDigits;
  }

  /**
   * The unscaled value of a plain decimal at {@code scale}, for precision at most 18. More fraction
   * digits than the scale are an error unless they are zeros: values are never rounded.
   */
  // hot path
  static long parseUnscaled(char[] chars, int start, int end, int precision, int scale) {
    int i = start;
    boolean negative = false;
    if (i < end && (chars[i] == '-' || chars[i] == '+')) {
      negative = chars[i] == '-';
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    boolean anyDigit = false;
    for (; i < end; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      anyDigit = true;
      if (digits > 0 || digit != 0) {
        digits++;
      }
      unscaled = unscaled * 10 + digit;
      if (digits > precision - scale) {
        throw InvalidValue.INSTANCE;
      }
    }
    int fractionDigits = 0;
    if (i < end && chars[i] == '.') {
      i++;
      for (; i < end; i++) {
        int digit = chars[i] - '0';
        if (digit < 0 || digit > 9) {
          throw InvalidValue.INSTANCE;
        }
        anyDigit = true;
        if (fractionDigits < scale) {
          unscaled = unscaled * 10 + digit;
          fractionDigits++;
        } else if (digit != 0) {
          throw InvalidValue.INSTANCE;
        }
      }
    }
    if (i != end || !anyDigit) {
      throw InvalidValue.INSTANCE;
    }
    for (; fractionDigits < scale; fractionDigits++) {
      unscaled *= 10;
    }
    return negative ? -unscaled : unscaled;
  }

  /** A plain decimal of any precision, exactly at {@code scale}. */
  static BigDecimal parseBigDecimal(char[] chars, int start, int end, int precision, int scale) {
    if (decimalShape(chars, start, end) < 0) {
      throw InvalidValue.INSTANCE;
    }
    try {
      BigDecimal value =
          new BigDecimal(chars, start, end - start).setScale(scale, RoundingMode.UNNECESSARY);
      if (value.precision() > precision && value.signum() != 0) {
        throw InvalidValue.INSTANCE;
      }
      return value;
    } catch (ArithmeticException | NumberFormatException e) {
      throw InvalidValue.INSTANCE;
    }
  }

  /** Days since 1970-01-01 of an ISO date {@code yyyy-MM-dd}. */
  static int parseDate(char[] chars, int start, int end) {
    if (end - start != 10 || chars[start + 4] != '-' || chars[start + 7] != '-') {
      throw InvalidValue.INSTANCE;
    }
    int year = digits(chars, start, 4);
    int month = digits(chars, start + 5, 2);
    int day = digits(chars, start + 8, 2);
    try {
      return (int) LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      throw InvalidValue.INSTANCE;
    }
  }

  static boolean isDate(char[] chars, int start, int end) {
    try {
      parseDate(chars, start, end);
      return true;
    } catch (InvalidValue e) {
      return false;
    }
  }

  /**
   * Microseconds since 1970-01-01T00:00 of an ISO timestamp {@code yyyy-MM-dd[T ]HH:mm[:ss[.f]]}
   * with up to 6 fraction digits (more only when they are zeros).
   */
  static long parseTimestamp(char[] chars, int start, int end) {
    int length = end - start;
    if (length < 16 || (chars[start + 10] != 'T' && chars[start + 10] != ' ')) {
      throw InvalidValue.INSTANCE;
    }
    long day = parseDate(chars, start, start + 10);
    if (chars[start + 13] != ':') {
      throw InvalidValue.INSTANCE;
    }
    int hour = digits(chars, start + 11, 2);
    int minute = digits(chars, start + 14, 2);
    int second = 0;
    long fraction = 0;
    int i = start + 16;
    if (i < end) {
      if (chars[i] != ':' || end - i < 3) {
        throw InvalidValue.INSTANCE;
      }
      second = digits(chars, i + 1, 2);
      i += 3;
      if (i < end) {
        if (chars[i] != '.' || i + 1 == end) {
          throw InvalidValue.INSTANCE;
        }
        i++;
        int fractionDigits = 0;
        for (; i < end; i++, fractionDigits++) {
          int digit = chars[i] - '0';
          if (digit < 0 || digit > 9 || (fractionDigits >= 6 && digit != 0)) {
            throw InvalidValue.INSTANCE;
          }
          if (fractionDigits < 6) {
            fraction = fraction * 10 + digit;
          }
        }
        for (; fractionDigits < 6; fractionDigits++) {
          fraction *= 10;
        }
      }
    }
    if (hour > 23 || minute > 59 || second > 59) {
      throw InvalidValue.INSTANCE;
    }
    return day * MICROS_PER_DAY
        + (hour * 3600L + minute * 60L + second) * MICROS_PER_SECOND
        + fraction;
  }

  static boolean isTimestamp(char[] chars, int start, int end) {
    try {
      parseTimestamp(chars, start, end);
      return true;
    } catch (InvalidValue e) {
      return false;
    }
  }

  private static int digits(char[] chars, int start, int count) {
    int value = 0;
    for (int i = start; i < start + count; i++) {
      int digit = chars[i] - '0';
      if (digit < 0 || digit > 9) {
        throw InvalidValue.INSTANCE;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
