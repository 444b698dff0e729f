package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.explain.PlanPrinter;
import dev.locus.core.function.Pair;
import dev.locus.core.function.SerializableBiFunction;
import dev.locus.core.function.SerializableBinaryOperator;
import dev.locus.core.function.SerializableFunction;
import dev.locus.core.function.SerializablePredicate;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.FilterObjects;
import dev.locus.core.plan.FlatMapObjects;
import dev.locus.core.plan.GroupObjects;
import dev.locus.core.plan.JoinObjects;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.MapObjects;
import dev.locus.core.plan.ObjectsToRows;
import dev.locus.core.plan.ReduceObjectsByKey;
import dev.locus.core.plan.SortObjects;
import dev.locus.core.plan.Union;
import dev.locus.core.records.RecordSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A typed, immutable collection of Java objects, transformed with serializable lambdas. Every
 * method returns a new data set over a larger plan; nothing runs until {@link #collect} or {@link
 * #count}.
 *
 * <pre>{@code
 * Map<String, Long> counts = locus.fromCollection(lines)
 *     .flatMap(line -> List.of(line.split(" ")))
 *     .map(word -> Map.entry(word, 1L))
 *     .reduceByKey(Map.Entry::getKey, (a, b) -> Map.entry(a.getKey(), a.getValue() + b.getValue()))
 *     .collect().stream().collect(toMap(Map.Entry::getKey, Map.Entry::getValue));
 * }</pre>
 *
 * <p>Lambdas must be serializable (they are, when their target type is one of the {@code
 * Serializable*} interfaces these methods take) and so must everything they capture: the plan and
 * its lambdas travel to other processes with Kryo. Keys compare with {@code equals} and {@code
 * hashCode}; arrays as keys compare by identity, which is rarely what you want.
 *
 * @param <T> the type of the elements
 */
public final class DataSet<T> {
  private final Locus locus;
  private final LogicalPlan plan;

  DataSet(Locus locus, LogicalPlan plan) {
    this.locus = requireNonNull(locus, "locus is null");
    this.plan = requireNonNull(plan, "plan is null");
    if (!plan.schema().isObjects()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "A DataSet holds Java objects; this plan produces columns "
              + plan.schema()
              + ": use Table.as(recordClass)");
    }
  }

  public LogicalPlan plan() {
    return plan;
  }

  public Locus locus() {
    return locus;
  }

  private <R> DataSet<R> with(LogicalPlan newPlan) {
    return new DataSet<>(locus, newPlan);
  }

  // The plan nodes hold functions over Object: generics are erased, so the casts are free and safe
  // as long as the data set's elements are of type T, which the API maintains.
  @SuppressWarnings("unchecked")
  private static SerializableFunction<Object, Object> erase(SerializableFunction<?, ?> function) {
    return (SerializableFunction<Object, Object>) requireNonNull(function, "function is null");
  }

  /** One output element per element: {@code function(element)}. */
  public <R> DataSet<R> map(SerializableFunction<T, R> function) {
    return with(new MapObjects(plan, erase(function)));
  }

  /** The elements of the iterables {@code function} returns for each element, in order. */
  @SuppressWarnings("unchecked")
  public <R> DataSet<R> flatMap(SerializableFunction<T, ? extends Iterable<R>> function) {
    requireNonNull(function, "function is null");
    return with(
        new FlatMapObjects(
            plan, (SerializableFunction<Object, ? extends Iterable<?>>) (Object) function));
  }

  /** The elements for which the predicate is true. */
  @SuppressWarnings("unchecked")
  public DataSet<T> filter(SerializablePredicate<T> predicate) {
    requireNonNull(predicate, "predicate is null");
    return with(new FilterObjects(plan, (SerializablePredicate<Object>) (Object) predicate));
  }

  /**
   * One element per distinct key: the elements with that key combined with {@code reducer}, which
   * must be associative and commutative (it runs on each partition before a shuffle and again after
   * it, in no fixed order) and must keep the key.
   */
  @SuppressWarnings("unchecked")
  public <K> DataSet<T> reduceByKey(
      SerializableFunction<T, K> key, SerializableBinaryOperator<T> reducer) {
    requireNonNull(reducer, "reducer is null");
    return with(
        new ReduceObjectsByKey(
            plan, erase(key), (SerializableBinaryOperator<Object>) (Object) reducer));
  }

  /**
   * One {@link KeyedGroup} per distinct key (null keys form one group) with all elements of that
   * key, in no particular order. Every group is held in memory; prefer {@link #reduceByKey} when
   * the groups are only combined.
   */
  public <K> DataSet<Map.Entry<K, List<T>>> groupByKey(SerializableFunction<T, K> key) {
    SerializableBiFunction<Object, List<Object>, Object> toGroup = KeyedGroup::new;
    return with(new GroupObjects(plan, erase(key), toGroup));
  }

  /** Pairs of elements with equal keys (by {@code equals}; null keys never match). */
  public <U, K> DataSet<Pair<T, U>> join(
      DataSet<U> other, SerializableFunction<T, K> leftKey, SerializableFunction<U, K> rightKey) {
    return join(other, leftKey, rightKey, JoinType.INNER);
  }

  /**
   * As {@link #join}, plus {@code Pair(element, null)} for each element of this data set without a
   * match.
   */
  public <U, K> DataSet<Pair<T, U>> leftOuterJoin(
      DataSet<U> other, SerializableFunction<T, K> leftKey, SerializableFunction<U, K> rightKey) {
    return join(other, leftKey, rightKey, JoinType.LEFT);
  }

  /**
   * As {@link #join}, plus {@code Pair(null, element)} for each element of {@code other} without a
   * match.
   */
  public <U, K> DataSet<Pair<T, U>> rightOuterJoin(
      DataSet<U> other, SerializableFunction<T, K> leftKey, SerializableFunction<U, K> rightKey) {
    return join(other, leftKey, rightKey, JoinType.RIGHT);
  }

  /** As {@link #join}, plus the unmatched elements of both sides paired with null. */
  public <U, K> DataSet<Pair<T, U>> fullOuterJoin(
      DataSet<U> other, SerializableFunction<T, K> leftKey, SerializableFunction<U, K> rightKey) {
    return join(other, leftKey, rightKey, JoinType.FULL);
  }

  private <U, K> DataSet<Pair<T, U>> join(
      DataSet<U> other,
      SerializableFunction<T, K> leftKey,
      SerializableFunction<U, K> rightKey,
      JoinType type) {
    requireNonNull(other, "other is null");
    return with(new JoinObjects(plan, other.plan, type, erase(leftKey), erase(rightKey)));
  }

  /**
   * The elements ordered by a key (elements with a null key last, in either direction; equal keys
   * keep no particular order).
   */
  @SuppressWarnings("unchecked")
  public DataSet<T> sortBy(
      SerializableFunction<T, ? extends Comparable<?>> key, boolean ascending) {
    requireNonNull(key, "key is null");
    return with(
        new SortObjects(
            plan, (SerializableFunction<Object, Comparable<Object>>) (Object) key, ascending));
  }

  /** The distinct elements, by {@code equals} and {@code hashCode}. */
  public DataSet<T> distinct() {
    return with(new Distinct(plan));
  }

  /**
   * All elements of both data sets, duplicates kept (UNION ALL); add {@link #distinct} for a set.
   */
  public DataSet<T> union(DataSet<T> other) {
    requireNonNull(other, "other is null");
    return with(new Union(List.of(plan, other.plan)));
  }

  /**
   * The first {@code count} elements; after {@link #sortBy} the {@code count} smallest (largest).
   */
  public DataSet<T> limit(long count) {
    if (count < 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "DataSet limit must be non-negative; found " + count);
    }
    return with(new Limit(plan, 0, count));
  }

  /**
   * The rows of a data set of Java records: one column per record component (see {@link
   * RecordSchemas} for the column types). An unsupported component type is an error here, when the
   * plan is built.
   */
  public Table toTable(Class<T> recordClass) {
    return new Table(
        locus, new ObjectsToRows(plan, recordClass, RecordSchemas.schemaOf(recordClass)));
  }

  /** The number of elements; counted where they are, only the count comes back. */
  public long count() {
    SerializableFunction<Object, Object> one = element -> 1L;
    SerializableFunction<Object, Object> sameKey = element -> Boolean.TRUE;
    SerializableBinaryOperator<Object> sum = (a, b) -> (Long) a + (Long) b;
    LogicalPlan counted = new ReduceObjectsByKey(new MapObjects(plan, one), sameKey, sum);
    List<List<Object>> rows = locus.execute(counted).rows();
    return rows.isEmpty() ? 0 : (Long) rows.get(0).get(0);
  }

  /** Runs the plan and returns all elements. */
  @SuppressWarnings("unchecked")
  public List<T> collect() {
    List<List<Object>> rows = locus.execute(plan).rows();
    List<T> elements = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      elements.add((T) row.get(0));
    }
    return elements;
  }

  /** The plan as an indented tree with each operator's estimated output rows. */
  public String explain() {
    return PlanPrinter.explain(plan);
  }
}
