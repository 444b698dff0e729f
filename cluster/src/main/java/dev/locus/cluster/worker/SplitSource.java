package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.util.List;

/** One split of a source, as a source: what one task of a scan reads. */
record SplitSource(Source source, SourceSplit split) implements Source {
  SplitSource {
    requireNonNull(source, "source is null");
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public Schema schema() {
    return source.schema();
  }

  @Override
  public long estimatedRows() {
    return source.estimatedRows();
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    return split == null ? List.of() : List.of(split);
  }
}
