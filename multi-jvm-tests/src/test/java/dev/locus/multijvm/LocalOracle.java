package dev.locus.multijvm;

import dev.locus.core.api.Locus;
import dev.locus.core.catalog.MapCatalog;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.plan.Scan;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.source.tpch.TpchCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The reference for a cluster's answers: the same SQL over the same data in this JVM, on {@code
 * Locus.local()}, with the catalogs the nodes declare registered the way {@code locus sql} does it
 * (a CSV catalog directory's {@code x.csv} is table {@code NAME.x}; {@code tpch} is the generator).
 */
final class LocalOracle implements AutoCloseable {
  private final Locus locus = Locus.local();

  /** With the {@code tpch} catalog. */
  LocalOracle withTpch() {
    locus.registerCatalog("tpch", TpchCatalog.schemas());
    return this;
  }

  /** With CSV catalogs (name → directory of {@code .csv} files). */
  LocalOracle withCsvCatalogs(Map<String, Path> catalogs) {
    catalogs.forEach((name, directory) -> locus.registerCatalog(name, csvCatalog(directory)));
    return this;
  }

  static MapCatalog csvCatalog(Path directory) {
    MapCatalog catalog = new MapCatalog();
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> csvFiles =
          files.filter(file -> file.getFileName().toString().endsWith(".csv")).sorted().toList();
      for (Path file : csvFiles) {
        String name = file.getFileName().toString();
        catalog.putTable(
            name.substring(0, name.length() - ".csv".length()), Scan.of(CsvSource.read(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list CSV directory " + directory, e);
    }
    return catalog;
  }

  /** Runs {@code sql} here. */
  QueryResult run(String sql) {
    return locus.sql(sql).execute();
  }

  @Override
  public void close() {
    locus.close();
  }
}
