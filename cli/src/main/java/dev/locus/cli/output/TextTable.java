package dev.locus.cli.output;

import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as an aligned text table, as the Trino and psql CLIs do: a header of column names, a
 * separator, one line per row with numbers right-aligned and NULL as {@code NULL}, and a footer
 * {@code (N rows)}. Values read as {@link ValueText} says.
 */
public final class TextTable {
  private TextTable() {}

  public static String render(Schema schema, List<List<Object>> rows) {
    int columns = schema.size();
    int[] widths = new int[columns];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      widths[i] = schema.field(i).name().length();
    }
    for (List<Object> row : rows) {
      String[] text = new String[columns];
      for (int i = 0; i < columns; i++) {
        Object value = row.get(i);
        text[i] = value == null ? "NULL" : ValueText.of(value);
        widths[i] = Math.max(widths[i], text[i].length());
      }
      cells.add(text);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < columns; i++) {
      out.append(i == 0 ? " " : " | ").append(pad(schema.field(i).name(), widths[i], false));
    }
    out.append('\n');
    for (int i = 0; i < columns; i++) {
      out.append(i == 0 ? "-" : "-+-").append("-".repeat(widths[i]));
    }
    out.append("-\n");
    for (String[] row : cells) {
      for (int i = 0; i < columns; i++) {
        boolean numeric = schema.type(i).isNumeric();
        out.append(i == 0 ? " " : " | ").append(pad(row[i], widths[i], numeric));
      }
      out.append('\n');
    }
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
    return out.toString();
  }

  private static String pad(String text, int width, boolean right) {
    String padding = " ".repeat(width - text.length());
    return right ? padding + text : text + padding;
  }
}
