package dev.locus.operators.objects;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;

/** How object operators report a user function (a lambda of the typed API) that threw. */
public final class UserFunctions {
  /** Longest element text quoted in an error message. */
  public static final int MAX_ELEMENT_TEXT = 100;

  private UserFunctions() {}

  /**
   * The error for a user function of {@code operator} (Map, Filter, ...) that threw {@code cause}
   * on {@code element}: {@code User function in Map failed on element 'x': IllegalStateException:
   * boom}.
   */
  public static LocusException failed(String operator, Object element, RuntimeException cause) {
    return new LocusException(
        ErrorCode.USER_FUNCTION_FAILED,
        "User function in "
            + operator
            + " failed on element "
            + quote(element)
            + ": "
            + cause.getClass().getSimpleName()
            + ": "
            + cause.getMessage(),
        cause);
  }

  /** An element as quoted text, cut to {@value #MAX_ELEMENT_TEXT} characters. */
  public static String quote(Object element) {
    String text;
    try {
      text = String.valueOf(element);
    } catch (RuntimeException e) {
      return "<" + element.getClass().getName() + ", whose toString() threw " + e + ">";
    }
    if (text.length() > MAX_ELEMENT_TEXT) {
      text = text.substring(0, MAX_ELEMENT_TEXT) + "...";
    }
    return "'" + text + "'";
  }
}
