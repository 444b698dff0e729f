package dev.locus.operators.expr;

/**
 * Calendar arithmetic on days since 1970-01-01 without objects (Howard Hinnant's civil date
 * algorithms, proleptic Gregorian calendar as {@link java.time.LocalDate}).
 */
final class Dates {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  private Dates() {}

  /** Year, month and day packed as {@code year << 9 | month << 5 | day}. */
  static long civil(long epochDay) {
    long z = epochDay + 719_468;
    long era = (z >= 0 ? z : z - 146_096) / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long year = yearOfEra + era * 400;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    if (month <= 2) {
      year++;
    }
    return (year << 9) | (month << 5) | day;
  }

  static long year(long civil) {
    return civil >> 9;
  }

  static int month(long civil) {
    return (int) ((civil >> 5) & 15);
  }

  static int day(long civil) {
    return (int) (civil & 31);
  }

  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  static boolean isLeapYear(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int daysInMonth(long year, int month) {
    return switch (month) {
      case 2 -> isLeapYear(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The date {@code months} months later, the day clamped to the month's last day. */
  static long addMonths(long epochDay, long months) {
    long civil = civil(epochDay);
    long total = year(civil) * 12 + (month(civil) - 1) + months;
    long year = Math.floorDiv(total, 12);
    int month = (int) Math.floorMod(total, 12) + 1;
    int day = Math.min(day(civil), daysInMonth(year, month));
    return epochDay(year, month, day);
  }
}
