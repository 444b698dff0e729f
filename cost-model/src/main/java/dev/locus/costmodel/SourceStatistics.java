package dev.locus.costmodel;

import dev.locus.core.batch.Batches;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.Schema;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics of a source's table: its row count as the source tells it, and per column distinct
 * count, range and NULL fraction from a sample of its first rows (read once per source name and
 * kept). Distinct counts scale from the sample with the GEE estimator (Charikar et al., 2000); a
 * column whose sampled values are all different is taken as a key. A sample of the first rows is
 * biased where a table is sorted; the estimate says MEDIUM confidence, not HIGH.
 */
public final class SourceStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(SourceStatistics.class);
  static final int SAMPLE_ROWS = 10_000;
  private static final int MAX_CACHED = 1_000;
  private static final Map<String, Estimate> CACHE = new ConcurrentHashMap<>();

  private SourceStatistics() {}

  /** The estimate of a whole source (all its columns). */
  public static Estimate of(Source source) {
    Estimate cached = CACHE.get(source.name());
    if (cached != null) {
      return cached;
    }
    Estimate estimate = sample(source);
    if (CACHE.size() >= MAX_CACHED) {
      CACHE.clear();
    }
    CACHE.put(source.name(), estimate);
    return estimate;
  }

  private static Estimate sample(Source source) {
    Schema schema = source.schema();
    long known = source.estimatedRows();
    List<List<Object>> rows = new ArrayList<>();
    if (!schema.isObjects()) {
      try (RootAllocator allocator = new RootAllocator()) {
        List<SourceSplit> splits = source.splits(1);
        List<Integer> columns = IntStream.range(0, schema.size()).boxed().toList();
        try (BatchReader reader = splits.get(0).open(allocator, columns, 4096)) {
          VectorSchemaRoot batch;
          while (rows.size() < SAMPLE_ROWS && (batch = reader.next()) != null) {
            try (VectorSchemaRoot owned = batch) {
              rows.addAll(Batches.toRows(owned));
            }
          }
        }
      } catch (RuntimeException e) {
        // Statistics are an optimization: a source that cannot be sampled now (a database that is
        // down) fails when the query reads it, with its own message.
        LOG.debug("Cannot sample {}: {}", source.name(), e.getMessage(), e);
        rows.clear();
      }
    }
    boolean complete = rows.size() < SAMPLE_ROWS && !rows.isEmpty();
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

  private static ColumnStatistics column(List<List<Object>> rows, int column, double total) {
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
      double number = numeric(value);
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

  /** A value on a number line for ranges: numbers, days of dates, seconds of timestamps. */
  static double numeric(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof LocalDate date) {
      return date.toEpochDay();
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.toEpochSecond(ZoneOffset.UTC);
    }
    return Double.NaN;
  }
}
