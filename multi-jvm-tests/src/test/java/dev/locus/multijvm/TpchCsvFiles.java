package dev.locus.multijvm;

import dev.locus.core.api.Locus;
import dev.locus.core.sink.csv.CsvSink;
import dev.locus.core.source.tpch.TpchSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TPC-H tables written as CSV files ({@code <directory>/<table>.csv}, with a header) so that nodes
 * can serve them as CSV catalogs, and TPC-H queries rewritten to name the catalog that holds each
 * table.
 */
final class TpchCsvFiles {
  private static final Pattern TABLE_NAME =
      Pattern.compile("\\b(lineitem|orders|customer|nation|region|supplier|partsupp|part)\\b");

  private TpchCsvFiles() {}

  /**
   * Writes the TPC-H tables of {@code scaleFactor} into the directories of {@code layout} (catalog
   * directory → its tables). A file that exists is kept: the sink replaces files atomically, so an
   * existing one is complete, and the generator is deterministic.
   */
  static void write(double scaleFactor, Map<Path, List<String>> layout) {
    try (Locus locus = Locus.local()) {
      layout.forEach(
          (directory, tables) -> {
            for (String table : tables) {
              Path file = directory.resolve(table + ".csv");
              if (!Files.exists(file)) {
                createDirectories(directory);
                locus.read(TpchSource.table(table, scaleFactor)).write(CsvSink.toFile(file));
              }
            }
          });
    }
  }

  /**
   * {@code query} (over unqualified TPC-H table names) with each table name qualified by the
   * catalog {@code catalogOf} maps it to, and its comment lines removed.
   */
  static String qualify(String query, Map<String, String> catalogOf) {
    String withoutComments = query.replaceAll("(?m)^\\s*--.*$", "").strip();
    Matcher matcher = TABLE_NAME.matcher(withoutComments);
    StringBuilder qualified = new StringBuilder();
    while (matcher.find()) {
      String table = matcher.group(1);
      String catalog = catalogOf.get(table);
      if (catalog == null) {
        throw new IllegalArgumentException(
            "No catalog holds table " + table + "; catalogs by table: " + catalogOf);
      }
      matcher.appendReplacement(qualified, Matcher.quoteReplacement(catalog + "." + table));
    }
    matcher.appendTail(qualified);
    return qualified.toString();
  }

  /** TPC-H query {@code number} over the {@code tpch} catalog's schema {@code schema} ("sf1"). */
  static String overTpchCatalog(int number, String schema) {
    Map<String, String> catalogOf = new java.util.HashMap<>();
    for (String table : TpchSource.tableNames()) {
      catalogOf.put(table, "tpch." + schema);
    }
    return qualify(dev.locus.sql.tpch.TpchQueries.query(number), catalogOf);
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + directory, e);
    }
  }
}
