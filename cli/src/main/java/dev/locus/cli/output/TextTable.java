package dev.locus.cli.output;

import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Renders rows as an aligned text table, numbers right-aligned, as the Trino CLI does. */
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
        text[i] =
            value == null
                ? "NULL"
                : value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
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
