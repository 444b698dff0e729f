package dev.locus.core.source.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The CSV files of one directory as a catalog: file {@code orders.csv} is table {@code orders}, and
 * a subdirectory holding CSV files ({@code inventory/store-01.csv}, ...) is one table of all of
 * them ({@code inventory}). The directory is listed when the catalog is made; each table's schema
 * is inferred on first use.
 */
public final class CsvCatalog implements Catalog {
  private final Path directory;
  private final Map<String, Path> files;
  private final Map<String, CsvSource> sources = new ConcurrentHashMap<>();

  private CsvCatalog(Path directory, Map<String, Path> files) {
    this.directory = directory;
    this.files = files;
  }

  /** The {@code *.csv} files directly in {@code directory}. */
  public static CsvCatalog of(Path directory) {
    requireNonNull(directory, "directory is null");
    if (!Files.isDirectory(directory)) {
      throw new LocusException(
          ErrorCode.SOURCE_UNAVAILABLE, "CSV directory " + directory + " does not exist");
    }
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> listing = Files.list(directory)) {
      listing.forEach(
          path -> {
            String file = path.getFileName().toString();
            if (Files.isRegularFile(path) && file.endsWith(".csv")) {
              files.put(file.substring(0, file.length() - ".csv".length()), path);
            } else if (Files.isDirectory(path) && holdsCsv(path)) {
              files.put(file, path);
            }
          });
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot list CSV directory " + directory + ": " + e.getMessage(), e);
    }
    return new CsvCatalog(directory, Map.copyOf(files));
  }

  private static boolean holdsCsv(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing.anyMatch(path -> path.getFileName().toString().endsWith(".csv"));
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot list CSV directory " + directory + ": " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return directory;
  }

  @Override
  public Set<String> tableNames() {
    return files.keySet();
  }

  @Override
  public Optional<LogicalPlan> table(String name) {
    Path file = files.get(name);
    if (file == null) {
      return Optional.empty();
    }
    return Optional.of(Scan.of(sources.computeIfAbsent(name, ignored -> CsvSource.read(file))));
  }

  @Override
  public String toString() {
    return "CsvCatalog[" + directory + "]";
  }
}
