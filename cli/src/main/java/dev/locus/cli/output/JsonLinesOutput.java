package dev.locus.cli.output;

import dev.locus.core.type.Schema;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;

/**
 * Rows as JSON Lines: one object per row, keys the column names in order. INT, BIGINT and DECIMAL
 * values are JSON numbers, exact (decimals keep their scale: {@code 123.40}); DOUBLE values are
 * numbers as {@link Double#toString(double)} writes them, except NaN and the infinities, which JSON
 * cannot hold as numbers and are written as the strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"}; BOOLEAN is {@code true}/{@code false}; NULL is {@code null}; everything else
 * is a string with the text {@link ValueText} gives, escaped as RFC 8259 requires.
 */
public final class JsonLinesOutput {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonLinesOutput() {}

  public static void write(Schema schema, List<List<Object>> rows, PrintWriter out) {
    String[] keys = new String[schema.size()];
    for (int i = 0; i < keys.length; i++) {
      StringBuilder key = new StringBuilder();
      appendString(key, schema.field(i).name());
      keys[i] = key.append(':').toString();
    }
    StringBuilder line = new StringBuilder();
    for (List<Object> row : rows) {
      line.setLength(0);
      line.append('{');
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        line.append(keys[i]);
        appendValue(line, row.get(i));
      }
      out.append(line).append("}\n");
    }
    out.flush();
  }

  static void appendValue(StringBuilder json, Object value) {
    if (value == null) {
      json.append("null");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      json.append(value);
    } else if (value instanceof BigDecimal decimal) {
      json.append(decimal.toPlainString());
    } else if (value instanceof Double number) {
      if (Double.isFinite(number)) {
        json.append(number.doubleValue());
      } else {
        appendString(json, number.toString());
      }
    } else {
      appendString(json, ValueText.of(value));
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped (RFC 8259, section 7). */
  static void appendString(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
