package dev.locus.cli.output;

import dev.locus.core.type.Schema;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How {@code locus sql} prints a result. */
public enum OutputFormat {
  /** An aligned table with a row count ({@link TextTable}). */
  TABLE,
  /** A header line and RFC 4180 records ({@link CsvOutput}). */
  CSV,
  /** One JSON object per row ({@link JsonLinesOutput}). */
  JSON;

  public void write(Schema schema, List<List<Object>> rows, PrintWriter out) {
    switch (this) {
      case TABLE -> {
        out.print(TextTable.render(schema, rows));
        out.flush();
      }
      case CSV -> CsvOutput.write(schema, rows, out);
      case JSON -> JsonLinesOutput.write(schema, rows, out);
    }
  }

  /** The name on the command line: {@code table}, {@code csv}, {@code json}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
