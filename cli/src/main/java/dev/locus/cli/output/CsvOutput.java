package dev.locus.cli.output;

import dev.locus.core.type.Schema;
import java.io.PrintWriter;
import java.util.List;

/**
 * Rows as CSV: a header line of column names, then one line per row, fields separated by commas and
 * lines by {@code \n}. A field is quoted as RFC 4180 says ({@code "..."}, a quote inside doubled)
 * when it holds a comma, a quote, a line break or nothing at all, so that NULL (an empty unquoted
 * field) and the empty string ({@code ""}) differ, as in PostgreSQL's {@code COPY ... CSV}. Values
 * read as {@link ValueText} says.
 */
public final class CsvOutput {
  private CsvOutput() {}

  public static void write(Schema schema, List<List<Object>> rows, PrintWriter out) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < schema.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      appendField(line, schema.field(i).name());
    }
    out.append(line).append('\n');
    for (List<Object> row : rows) {
      line.setLength(0);
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        Object value = row.get(i);
        if (value != null) {
          appendField(line, ValueText.of(value));
        }
      }
      out.append(line).append('\n');
    }
    out.flush();
  }

  static void appendField(StringBuilder line, String text) {
    boolean quote = text.isEmpty();
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      line.append(text);
      return;
    }
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        line.append('"');
      }
      line.append(c);
    }
    line.append('"');
  }
}
