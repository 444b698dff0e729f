package dev.locus.costmodel;

import dev.locus.core.batch.Batches;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.source.StatisticsSource;
import dev.locus.core.source.TableStatistics;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics of a source's table (read once per source name and kept). A {@link StatisticsSource}
 * that has statistics of its own (a database table after ANALYZE) gives them, at HIGH confidence
 * when they cover every column. Otherwise the row count is what the source tells, and per column
 * distinct count, range and NULL fraction come from a sample of its first rows (for the columns its
 * own statistics leave out). Distinct counts scale from the sample with the GEE estimator (Charikar
 * et al., 2000); a column whose sampled values are all different is taken as a key. A sample of the
 * first rows is biased where a table is sorted; such an estimate says MEDIUM confidence, not HIGH.
 */
public final class SourceStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(SourceStatistics.class);
  static final int SAMPLE_ROWS = 10_000;
  private static final int MAX_SAMPLED_SPLITS = 64;
  private static final int MAX_CACHED = 1_000;
  private static final Map<String, Estimate> CACHE = new ConcurrentHashMap<>();

  private SourceStatistics() {}

  /** The estimate of a whole source (all its columns). */
  public static Estimate of(Source source) {
    Estimate cached = CACHE.get(source.name());
    if (cached != null) {
      return cached;
    }
    Estimate estimate = estimate(source);
    if (CACHE.size() >= MAX_CACHED) {
      CACHE.clear();
    }
    CACHE.put(source.name(), estimate);
    return estimate;
  }

  private static Estimate estimate(Source source) {
    Optional<TableStatistics> own = Optional.empty();
    if (source instanceof StatisticsSource statisticsSource) {
      try {
        own = statisticsSource.statistics();
      } catch (RuntimeException e) {
        LOG.debug("No statistics from {}: {}", source.name(), e.getMessage(), e);
      }
    }
    if (own.isPresent() && own.get().columns().size() != source.schema().size()) {
      LOG.debug(
          "Ignoring statistics of {}: {} columns for a schema of {}",
          source.name(),
          own.get().columns().size(),
          source.schema().size());
      own = Optional.empty();
    }
    if (own.isEmpty()) {
      return sample(source, source.estimatedRows());
    }
    TableStatistics table = own.get();
    // Columns the source has no statistics of are sampled, scaled to the source's row count.
    Estimate sampled = table.complete() ? null : sample(source, Math.round(table.rows()));
    List<ColumnStatistics> columns = new ArrayList<>();
    for (int column = 0; column < table.columns().size(); column++) {
      TableStatistics.ColumnSummary summary = table.columns().get(column);
      columns.add(
          summary.knowsDistinct()
              ? new ColumnStatistics(
                  Math.min(summary.distinct(), Math.max(1, table.rows())),
                  summary.min(),
                  summary.max(),
                  Double.isNaN(summary.nullFraction()) ? 0 : summary.nullFraction())
              : sampled.column(column));
    }
    return new Estimate(
        table.rows(), columns, sampled == null ? Confidence.HIGH : sampled.confidence());
  }

  private static Estimate sample(Source source, long known) {
    Schema schema = source.schema();
    List<List<Object>> rows = new ArrayList<>();
    boolean complete = false;
    if (!schema.isObjects()) {
      try {
        complete = read(source, rows);
      } catch (RuntimeException e) {
        // Statistics are an optimization: a source that cannot be sampled now (a database that is
        // down) fails when the query reads it, with its own message.
        LOG.debug("Cannot sample {}: {}", source.name(), e.getMessage(), e);
        rows.clear();
      }
    }
    complete &= !rows.isEmpty();
    double total = known >= 0 ? known : complete ? rows.size() : -1;
    Confidence confidence = total >= 0 ? Confidence.MEDIUM : Confidence.LOW;
    if (total < 0) {
      total = dev.locus.core.explain.CardinalityEstimator.UNKNOWN_SOURCE_ROWS;
    }
    List<ColumnStatistics> columns = new ArrayList<>();
    for (int column = 0; column < schema.size(); column++) {
      columns.add(rows.isEmpty() ? ColumnStatistics.unknown(total) : column(rows, column, total));
    }
    return new Estimate(total, columns, confidence);
  }

  /**
   * Reads a sample into {@code rows}: the first rows of up to {@link #MAX_SAMPLED_SPLITS} splits
   * spread over the source (a directory of files sorted by the same key would otherwise show one
   * file's values only), {@link #SAMPLE_ROWS} in all. Returns whether that was every row.
   */
  private static boolean read(Source source, List<List<Object>> rows) {
    List<SourceSplit> splits = source.splits(1);
    int sampled = Math.min(splits.size(), MAX_SAMPLED_SPLITS);
    int budget = Math.max(1, SAMPLE_ROWS / sampled);
    boolean complete = sampled == splits.size();
    List<Integer> columns = IntStream.range(0, source.schema().size()).boxed().toList();
    try (RootAllocator allocator = new RootAllocator()) {
      for (int i = 0; i < sampled; i++) {
        SourceSplit split = splits.get((int) ((long) i * splits.size() / sampled));
        int taken = 0;
        try (BatchReader reader = split.open(allocator, columns, Math.min(budget, 4096))) {
          VectorSchemaRoot batch;
          while (taken < budget && (batch = reader.next()) != null) {
            try (VectorSchemaRoot owned = batch) {
              List<List<Object>> batchRows = Batches.toRows(owned);
              int keep = Math.min(batchRows.size(), budget - taken);
              rows.addAll(batchRows.subList(0, keep));
              taken += keep;
            }
          }
        }
        // A split that filled its share may have more rows.
        complete &= taken < budget;
      }
    }
    return complete;
  }

  /**
   * A column's statistics from sampled {@code rows} of a table of {@code total} rows (exact when
   * the sample is the whole table).
   */
  static ColumnStatistics column(List<List<Object>> rows, int column, double total) {
    Map<Object, Integer> frequencies = new HashMap<>();
    int nulls = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    for (List<Object> row : rows) {
      Object value = row.get(column);
      if (value == null) {
        nulls++;
        continue;
      }
      frequencies.merge(value, 1, Integer::sum);
      double number = TableStatistics.numeric(value);
      if (!Double.isNaN(number)) {
        min = Double.isNaN(min) ? number : Math.min(min, number);
        max = Double.isNaN(max) ? number : Math.max(max, number);
      }
    }
    int sampled = rows.size() - nulls;
    double distinct;
    if (sampled == 0) {
      distinct = 1;
    } else {
      int singletons = 0;
      int repeated = 0;
      for (int count : frequencies.values()) {
        if (count == 1) {
          singletons++;
        } else {
          repeated++;
        }
      }
      double nonNullTotal = total * sampled / rows.size();
      distinct =
          singletons == sampled
              ? nonNullTotal
              : Math.min(nonNullTotal, Math.sqrt(nonNullTotal / sampled) * singletons + repeated);
    }
    return new ColumnStatistics(distinct, min, max, (double) nulls / rows.size());
  }
}
