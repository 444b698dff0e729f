package dev.locus.sql.tpch;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The 22 TPC-H queries with the specification's validation (qualification) parameters, in standard
 * SQL that Calcite and DuckDB both accept. They are the resources {@code
 * tpch/queries/q01.sql}…{@code q22.sql}, one statement each (no trailing semicolon), over the TPC-H
 * tables by their unqualified names.
 */
public final class TpchQueries {
  /** How many queries TPC-H has. */
  public static final int COUNT = 22;

  private TpchQueries() {}

  /** The query numbers, 1 to 22. */
  public static List<Integer> numbers() {
    return IntStream.rangeClosed(1, COUNT).boxed().toList();
  }

  /** The resource path of query {@code number}, e.g. {@code tpch/queries/q06.sql}. */
  public static String resourcePath(int number) {
    checkNumber(number);
    return String.format(Locale.ROOT, "tpch/queries/q%02d.sql", number);
  }

  /** The text of query {@code number} (1 to 22). */
  public static String query(int number) {
    String path = resourcePath(number);
    try (InputStream in = TpchQueries.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR, "TPC-H query resource " + path + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read TPC-H query resource " + path, e);
    }
  }

  private static void checkNumber(int number) {
    if (number < 1 || number > COUNT) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "TPC-H query number must be between 1 and " + COUNT + "; found " + number);
    }
  }
}
