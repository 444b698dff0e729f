package dev.locus.operators.expr;

/**
 * Values as text and back, on UTF-8 bytes, as SQL engines print them: DECIMAL as plain digits, DATE
 * as ISO {@code yyyy-MM-dd}, TIMESTAMP as {@code yyyy-MM-dd HH:mm:ss[.ffffff]} (trailing zeros of
 * the fraction dropped), BOOLEAN as {@code true}/{@code false}.
 */
final class TextFormat {
  private TextFormat() {}

  static void appendDecimal(ByteBuilder out, long unscaled, int scale) {
    if (scale == 0) {
      out.appendLong(unscaled);
      return;
    }
    if (unscaled < 0) {
      out.append((byte) '-');
    }
    // Work on the negative value so that Long.MIN_VALUE needs no special case.
    long rest = unscaled < 0 ? unscaled : -unscaled;
    int digits = 1;
    for (long r = rest / 10; r != 0; r /= 10) {
      digits++;
    }
    int integerDigits = Math.max(digits - scale, 1);
    int total = integerDigits + 1 + scale;
    out.ensure(total);
    int end = out.length + total;
    for (int i = end - 1; i >= out.length; i--) {
      if (i == end - 1 - scale) {
        out.bytes[i] = '.';
      } else {
        out.bytes[i] = (byte) ('0' - (rest % 10));
        rest /= 10;
      }
    }
    out.length = end;
  }

  static void appendDate(ByteBuilder out, long epochDay) {
    long civil = Dates.civil(epochDay);
    long year = Dates.year(civil);
    if (Math.abs(year) < 1000) {
      if (year < 0) {
        out.append((byte) '-');
      }
      out.appendPadded(Math.abs(year), 4);
    } else {
      if (year > 9999) {
        out.append((byte) '+');
      }
      out.appendLong(year);
    }
    out.append((byte) '-');
    out.appendPadded(Dates.month(civil), 2);
    out.append((byte) '-');
    out.appendPadded(Dates.day(civil), 2);
  }

  static void appendTimestamp(ByteBuilder out, long micros) {
    long day = Math.floorDiv(micros, Dates.MICROS_PER_DAY);
    long time = Math.floorMod(micros, Dates.MICROS_PER_DAY);
    appendDate(out, day);
    long seconds = time / 1_000_000;
    long fraction = time % 1_000_000;
    out.append((byte) ' ');
    out.appendPadded(seconds / 3600, 2);
    out.append((byte) ':');
    out.appendPadded(seconds / 60 % 60, 2);
    out.append((byte) ':');
    out.appendPadded(seconds % 60, 2);
    if (fraction != 0) {
      int digits = 6;
      while (fraction % 10 == 0) {
        fraction /= 10;
        digits--;
      }
      out.append((byte) '.');
      out.appendPadded(fraction, digits);
    }
  }

  /** A malformed value: the caller reports the text it was parsing. */
  static final class ParseException extends RuntimeException {
    ParseException() {
      super(null, null, false, false);
    }
  }

  static boolean isSpace(byte value) {
    return value == ' ' || value == '\t' || value == '\n' || value == '\r' || value == '\f';
  }

  /** A whole number in {@code text[from, to)}, surrounding whitespace allowed. */
  static long parseLong(byte[] text, int from, int to) {
    while (from < to && isSpace(text[from])) {
      from++;
    }
    while (to > from && isSpace(text[to - 1])) {
      to--;
    }
    boolean negative = false;
    if (from < to && (text[from] == '-' || text[from] == '+')) {
      negative = text[from] == '-';
      from++;
    }
    if (from == to) {
      throw new ParseException();
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new ParseException();
      }
      // Accumulate negatively: the range of negative longs is one larger.
      if (value < (Long.MIN_VALUE + digit) / 10) {
        throw new ParseException();
      }
      value = value * 10 - digit;
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        throw new ParseException();
      }
      value = -value;
    }
    return value;
  }

  /** {@code yyyy-M-d} (year of 1 to 9 digits, optional sign) as days since the epoch. */
  static long parseDate(byte[] text, int from, int to) {
    while (from < to && isSpace(text[from])) {
      from++;
    }
    while (to > from && isSpace(text[to - 1])) {
      to--;
    }
    long[] position = {from};
    long days = parseDatePart(text, position, to);
    if (position[0] != to) {
      throw new ParseException();
    }
    return days;
  }

  /**
   * {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fffffffff]]]} as microseconds since the epoch; a fraction
   * beyond microseconds is rounded half up.
   */
  static long parseTimestamp(byte[] text, int from, int to) {
    while (from < to && isSpace(text[from])) {
      from++;
    }
    while (to > from && isSpace(text[to - 1])) {
      to--;
    }
    long[] position = {from};
    long days = parseDatePart(text, position, to);
    int at = (int) position[0];
    long micros = 0;
    if (at < to) {
      if (text[at] != ' ' && text[at] != 'T') {
        throw new ParseException();
      }
      at++;
      int hour = digits(text, at, to, 2);
      at += 2;
      at = expect(text, at, to, ':');
      int minute = digits(text, at, to, 2);
      at += 2;
      int second = 0;
      long fraction = 0;
      if (at < to) {
        at = expect(text, at, to, ':');
        second = digits(text, at, to, 2);
        at += 2;
        if (at < to) {
          at = expect(text, at, to, '.');
          int count = 0;
          boolean roundUp = false;
          while (at < to) {
            int digit = text[at] - '0';
            if (digit < 0 || digit > 9) {
              throw new ParseException();
            }
            if (count < 6) {
              fraction = fraction * 10 + digit;
            } else if (count == 6) {
              roundUp = digit >= 5;
            }
            count++;
            at++;
          }
          if (count == 0) {
            throw new ParseException();
          }
          for (int i = count; i < 6; i++) {
            fraction *= 10;
          }
          if (roundUp) {
            fraction++;
          }
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw new ParseException();
      }
      micros = ((hour * 60L + minute) * 60 + second) * 1_000_000 + fraction;
    }
    try {
      return Math.addExact(Math.multiplyExact(days, Dates.MICROS_PER_DAY), micros);
    } catch (ArithmeticException e) {
      throw new ParseException();
    }
  }

  private static long parseDatePart(byte[] text, long[] position, int to) {
    int at = (int) position[0];
    boolean negative = false;
    if (at < to && (text[at] == '-' || text[at] == '+')) {
      negative = text[at] == '-';
      at++;
    }
    int start = at;
    long year = 0;
    while (at < to && text[at] >= '0' && text[at] <= '9' && at - start < 9) {
      year = year * 10 + (text[at] - '0');
      at++;
    }
    if (at - start < 4) {
      throw new ParseException();
    }
    at = expect(text, at, to, '-');
    int month = upToTwoDigits(text, at, to);
    at += month >>> 8;
    month &= 0xFF;
    at = expect(text, at, to, '-');
    int day = upToTwoDigits(text, at, to);
    at += day >>> 8;
    day &= 0xFF;
    if (negative) {
      year = -year;
    }
    if (month < 1 || month > 12 || day < 1 || day > Dates.daysInMonth(year, month)) {
      throw new ParseException();
    }
    position[0] = at;
    return Dates.epochDay(year, month, day);
  }

  /** One or two digits at {@code at}: the value, plus the digit count shifted left by 8. */
  private static int upToTwoDigits(byte[] text, int at, int to) {
    if (at >= to || text[at] < '0' || text[at] > '9') {
      throw new ParseException();
    }
    int value = text[at] - '0';
    if (at + 1 < to && text[at + 1] >= '0' && text[at + 1] <= '9') {
      return (value * 10 + text[at + 1] - '0') | (2 << 8);
    }
    return value | (1 << 8);
  }

  private static int digits(byte[] text, int at, int to, int count) {
    if (at + count > to) {
      throw new ParseException();
    }
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new ParseException();
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static int expect(byte[] text, int at, int to, char expected) {
    if (at >= to || text[at] != expected) {
      throw new ParseException();
    }
    return at + 1;
  }

  /** SQL's boolean spellings, any case: true/false, t/f, yes/no, y/n, on/off, 1/0. */
  static boolean parseBoolean(byte[] text, int from, int to) {
    while (from < to && isSpace(text[from])) {
      from++;
    }
    while (to > from && isSpace(text[to - 1])) {
      to--;
    }
    String word = new String(text, from, to - from, java.nio.charset.StandardCharsets.US_ASCII);
    switch (word.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "t", "yes", "y", "on", "1" -> {
        return true;
      }
      case "false", "f", "no", "n", "off", "0" -> {
        return false;
      }
      default -> throw new ParseException();
    }
  }
}
