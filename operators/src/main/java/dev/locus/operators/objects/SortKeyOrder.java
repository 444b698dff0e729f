package dev.locus.operators.objects;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;

/** The order of extracted sort keys: natural order (or its reverse), null keys last either way. */
final class SortKeyOrder {
  private SortKeyOrder() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b, boolean ascending) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    int result;
    try {
      result = ((Comparable) a).compareTo(b);
    } catch (RuntimeException e) {
      throw new LocusException(
          ErrorCode.USER_FUNCTION_FAILED,
          "Sort keys "
              + UserFunctions.quote(a)
              + " ("
              + a.getClass().getSimpleName()
              + ") and "
              + UserFunctions.quote(b)
              + " ("
              + b.getClass().getSimpleName()
              + ") cannot be compared: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    return ascending ? result : -result;
  }

  static Object extract(java.util.function.Function<Object, ?> key, Object element) {
    try {
      return key.apply(element);
    } catch (RuntimeException e) {
      throw UserFunctions.failed("Sort", element, e);
    }
  }
}
