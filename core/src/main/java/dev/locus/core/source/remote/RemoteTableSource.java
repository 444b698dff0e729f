package dev.locus.core.source.remote;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.util.List;

/**
 * A table that lives on a cluster's workers, named by its path in a catalog ({@code
 * tpch.sf1.orders}, {@code sales.public.orders}). Plans for a cluster scan these; the worker that
 * runs a scan resolves the path in its own catalog and reads the real source there, so a plan never
 * carries data or connections. Only a cluster can read it.
 *
 * @param path the catalog name first, then schemas and the table name
 * @param splitCount how many splits the workers cut the table into
 */
public record RemoteTableSource(
    List<String> path,
    Schema schema,
    long estimatedRows,
    List<List<Integer>> uniqueKeys,
    int splitCount)
    implements Source {
  public RemoteTableSource {
    path = List.copyOf(requireNonNull(path, "path is null"));
    if (path.size() < 2) {
      throw new IllegalArgumentException(
          "path must name a catalog and a table; found " + String.join(".", path));
    }
    requireNonNull(schema, "schema is null");
    uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    if (splitCount < 1) {
      throw new IllegalArgumentException("splitCount must be >= 1; found " + splitCount);
    }
  }

  /** The catalog (data source) the table belongs to: the first element of the path. */
  public String catalog() {
    return path.get(0);
  }

  @Override
  public String name() {
    return String.join(".", path);
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    throw new LocusException(
        ErrorCode.INVALID_ARGUMENT,
        "Table '"
            + name()
            + "' lives on a cluster's workers and is read only by a job on that cluster");
  }
}
