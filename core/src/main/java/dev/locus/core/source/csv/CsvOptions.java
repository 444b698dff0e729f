package dev.locus.core.source.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a CSV file is laid out. The defaults follow RFC 4180: comma-separated, fields containing the
 * delimiter, quotes or line breaks enclosed in double quotes (a quote inside doubled), a header
 * line, UTF-8. An empty unquoted field is NULL; {@code ""} is an empty string.
 *
 * @param delimiter the character between fields
 * @param quote the character enclosing fields
 * @param header whether the first line names the columns
 * @param charset the encoding of the files
 */
public record CsvOptions(char delimiter, char quote, boolean header, Charset charset) {
  public static final CsvOptions DEFAULT = new CsvOptions(',', '"', true, StandardCharsets.UTF_8);

  public CsvOptions {
    requireNonNull(charset, "charset is null");
    checkSpecial("delimiter", delimiter);
    checkSpecial("quote", quote);
    if (delimiter == quote) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "CSV delimiter and quote must differ; both are '" + delimiter + "'");
    }
  }

  private static void checkSpecial(String what, char character) {
    if (character == '\n' || character == '\r') {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "CSV " + what + " must not be a line break; found " + (int) character);
    }
  }

  public CsvOptions withDelimiter(char newDelimiter) {
    return new CsvOptions(newDelimiter, quote, header, charset);
  }

  public CsvOptions withHeader(boolean newHeader) {
    return new CsvOptions(delimiter, quote, newHeader, charset);
  }

  public CsvOptions withCharset(Charset newCharset) {
    return new CsvOptions(delimiter, quote, header, newCharset);
  }
}
