package dev.locus.operators.aggregate;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import dev.locus.operators.hash.GroupByHash;
import dev.locus.operators.hash.KeyHashing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Hash aggregation ({@code GROUP BY}) over Arrow batches, in one of three {@link AggregationMode}s.
 *
 * <p>Per pushed batch it first computes the group id of every row into an {@code int[]} (a {@link
 * GroupByHash}: an open-addressing table over row hashes), then updates each aggregate's state in
 * one loop over the batch: states are primitive arrays indexed by group id (no boxing, no per-row
 * allocation). DECIMAL sums are exact: {@code long} accumulators that spill to {@code BigInteger}
 * when they overflow. {@link #finish} emits the groups in batches of at most {@link
 * Batches#DEFAULT_BATCH_SIZE} rows.
 *
 * <p>Output layout: the group columns (input types), then for SINGLE and FINAL one column per
 * aggregate of {@link AggregateCall#type()} (as {@code Aggregate.schema()}), for PARTIAL the {@link
 * #intermediateSchema} state columns. Without group keys, SINGLE and FINAL emit exactly one row
 * even over no input; PARTIAL then emits nothing. DISTINCT aggregates run only in SINGLE mode.
 */
public final class HashAggregateOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final AggregationMode mode;
  private final List<Integer> groupKeys;
  private final BufferAllocator allocator;
  private final Schema pushedSchema;
  private final Schema emittedSchema;
  private final List<Integer> keyColumns;
  private final GroupByHash groups;
  private final Accumulator[] accumulators;

  /** Per aggregate: the raw argument column (-1 for COUNT(*)), or for FINAL the first state. */
  private final int[] inputColumns;

  private final int[] stateWidths;

  /** Per aggregate: the (group, value) pairs seen, for DISTINCT aggregates; else null. */
  private final GroupByHash[] distinctValues;

  /**
   * Up to this many groups, the rows per group of a batch are counted once for all accumulators
   * (costing a pass over the groups per batch).
   */
  private static final int MAX_COUNTED_GROUPS = 4096;

  private int[] groupIds = new int[0];

  /** Per group: its rows in the current batch (when counted). */
  private int[] groupRows = new int[0];

  private int[] distinctIds = new int[0];
  private int[] selectedRows = new int[0];
  private int[] selectedGroups = new int[0];
  private boolean finished;
  private boolean closed;

  /**
   * @param inputSchema the raw input schema of the logical Aggregate, in every mode (FINAL takes
   *     {@link #intermediateSchema} batches)
   * @param groupKeys group columns of {@code inputSchema}
   * @param aggregates calls over columns of {@code inputSchema}
   */
  public HashAggregateOperator(
      AggregationMode mode,
      Schema inputSchema,
      List<Integer> groupKeys,
      List<AggregateCall> aggregates,
      BufferAllocator allocator) {
    this.mode = requireNonNull(mode, "mode is null");
    requireNonNull(inputSchema, "inputSchema is null");
    this.groupKeys = List.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
    List<AggregateCall> calls = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
    this.allocator = requireNonNull(allocator, "allocator is null");
    validate(inputSchema, this.groupKeys, calls);

    accumulators = new Accumulator[calls.size()];
    inputColumns = new int[calls.size()];
    stateWidths = new int[calls.size()];
    distinctValues = new GroupByHash[calls.size()];
    int stateColumn = this.groupKeys.size();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall call = calls.get(i);
      if (call.distinct() && mode != AggregationMode.SINGLE) {
        throw new IllegalArgumentException(
            "DISTINCT aggregate "
                + describe(call, inputSchema)
                + " runs only in SINGLE mode; found "
                + mode);
      }
      accumulators[i] = accumulator(call, inputSchema);
      stateWidths[i] = accumulators[i].intermediateFields().size();
      if (mode == AggregationMode.FINAL) {
        inputColumns[i] = stateColumn;
        stateColumn += stateWidths[i];
      } else {
        inputColumns[i] = call.argument();
      }
      if (call.distinct()) {
        distinctValues[i] =
            GroupByHash.create(List.of(DataType.INT, inputSchema.type(call.argument())));
      }
    }

    shareSums(calls, inputSchema);

    Schema intermediate = intermediateSchema(inputSchema, this.groupKeys, calls);
    Schema output = outputSchema(inputSchema, this.groupKeys, calls);
    this.pushedSchema = mode == AggregationMode.FINAL ? intermediate : inputSchema;
    this.emittedSchema = mode == AggregationMode.PARTIAL ? intermediate : output;
    List<Integer> keys = new ArrayList<>();
    List<DataType> keyTypes = new ArrayList<>();
    for (int i = 0; i < this.groupKeys.size(); i++) {
      keys.add(mode == AggregationMode.FINAL ? i : this.groupKeys.get(i));
      keyTypes.add(inputSchema.type(this.groupKeys.get(i)));
    }
    this.keyColumns = List.copyOf(keys);
    this.groups = GroupByHash.create(keyTypes);
  }

  /**
   * Lets each {@code SUM(x)} over a DECIMAL column report the sums of an {@code AVG(x)} over the
   * same column rather than summing it again.
   */
  private void shareSums(List<AggregateCall> calls, Schema inputSchema) {
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall sum = calls.get(i);
      if (sum.function() != AggregateFunction.SUM
          || sum.distinct()
          || !inputSchema.type(sum.argument()).isDecimal()) {
        continue;
      }
      for (int j = 0; j < calls.size(); j++) {
        AggregateCall average = calls.get(j);
        if (average.function() == AggregateFunction.AVG
            && !average.distinct()
            && average.argument() == sum.argument()) {
          ((ExactSumAccumulator) accumulators[i]).follow((ExactSumAccumulator) accumulators[j]);
          break;
        }
      }
    }
  }

  /**
   * The output of PARTIAL and the input of FINAL: the group columns, then each aggregate's state
   * columns in call order:
   *
   * <pre>
   * COUNT                        name$count BIGINT NOT NULL
   * SUM(INT|BIGINT)              name$sum BIGINT
   * SUM(DOUBLE)                  name$sum DOUBLE
   * SUM(DECIMAL(p, s))           name$sum DECIMAL(38, s)
   * AVG(INT|BIGINT)              name$sum DECIMAL(38, 0), name$count BIGINT NOT NULL
   * AVG(DOUBLE)                  name$sum DOUBLE, name$count BIGINT NOT NULL
   * AVG(DECIMAL(p, s))           name$sum DECIMAL(38, s), name$count BIGINT NOT NULL
   * MIN, MAX                     name$min / name$max of the argument type
   * </pre>
   *
   * A sum is NULL when its group saw no non-NULL value.
   */
  public static Schema intermediateSchema(
      Schema inputSchema, List<Integer> groupKeys, List<AggregateCall> aggregates) {
    validate(inputSchema, groupKeys, aggregates);
    List<Field> fields = new ArrayList<>();
    for (int key : groupKeys) {
      fields.add(inputSchema.field(key));
    }
    for (AggregateCall call : aggregates) {
      fields.addAll(accumulator(call, inputSchema).intermediateFields());
    }
    return new Schema(fields);
  }

  /** The final output: as {@code new Aggregate(input, groupKeys, aggregates).schema()}. */
  public static Schema outputSchema(
      Schema inputSchema, List<Integer> groupKeys, List<AggregateCall> aggregates) {
    List<Field> fields = new ArrayList<>();
    for (int key : groupKeys) {
      fields.add(inputSchema.field(key));
    }
    for (AggregateCall call : aggregates) {
      fields.add(new Field(call.name(), call.type(), call.function() != AggregateFunction.COUNT));
    }
    return new Schema(fields);
  }

  /** The schema of the batches this operator emits. */
  public Schema schema() {
    return emittedSchema;
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    requireNonNull(batch, "batch is null");
    try (batch) {
      checkOpen();
      if (batch.getFieldVectors().size() != pushedSchema.size()) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            mode
                + " aggregation expects batches of "
                + pushedSchema
                + "; found "
                + batch.getSchema());
      }
      int rowCount = batch.getRowCount();
      if (rowCount == 0) {
        return;
      }
      if (groupIds.length < rowCount) {
        groupIds = new int[Math.max(rowCount, 1024)];
      }
      groups.groupIds(KeyHashing.keyVectors(batch, keyColumns), rowCount, groupIds);
      int groupCount = groups.groupCount();
      boolean countGroupRows = mode != AggregationMode.FINAL && groupCount <= MAX_COUNTED_GROUPS;
      if (countGroupRows) {
        countGroupRows(rowCount, groupCount);
      }
      for (int i = 0; i < accumulators.length; i++) {
        Accumulator accumulator = accumulators[i];
        accumulator.ensureCapacity(groupCount);
        if (mode == AggregationMode.FINAL) {
          FieldVector[] state = new FieldVector[stateWidths[i]];
          for (int column = 0; column < state.length; column++) {
            state[column] = batch.getVector(inputColumns[i] + column);
          }
          accumulator.addIntermediate(state, groupIds, rowCount);
        } else {
          FieldVector argument = inputColumns[i] < 0 ? null : batch.getVector(inputColumns[i]);
          if (distinctValues[i] != null) {
            addDistinct(i, argument, rowCount);
          } else if (countGroupRows) {
            accumulator.addInput(argument, groupIds, rowCount, groupRows, groupCount);
          } else {
            accumulator.addInput(argument, groupIds, rowCount);
          }
        }
      }
    }
  }

  /** How many rows of the batch fall in each group, for all accumulators at once. */
  // hot path
  private void countGroupRows(int rowCount, int groupCount) {
    if (groupRows.length < groupCount) {
      groupRows = new int[Math.max(groupCount, 16)];
    }
    int[] groupRows = this.groupRows;
    int[] groupIds = this.groupIds;
    java.util.Arrays.fill(groupRows, 0, groupCount, 0);
    for (int row = 0; row < rowCount; row++) {
      groupRows[groupIds[row]]++;
    }
  }

  /** Feeds the accumulator only the rows whose (group, value) it has not seen yet. */
  private void addDistinct(int index, FieldVector argument, int rowCount) {
    GroupByHash seen = distinctValues[index];
    int known = seen.groupCount();
    if (distinctIds.length < rowCount) {
      distinctIds = new int[groupIds.length];
      selectedRows = new int[groupIds.length];
      selectedGroups = new int[groupIds.length];
    }
    try (IntVector groupVector = new IntVector("group", allocator)) {
      groupVector.allocateNew(rowCount);
      for (int row = 0; row < rowCount; row++) {
        groupVector.set(row, groupIds[row]);
      }
      groupVector.setValueCount(rowCount);
      seen.groupIds(new FieldVector[] {groupVector, argument}, rowCount, distinctIds);
    }
    // A row is a first occurrence when its pair got a new id and no earlier row took that id.
    boolean[] taken = new boolean[seen.groupCount() - known];
    int selected = 0;
    for (int row = 0; row < rowCount; row++) {
      int fresh = distinctIds[row] - known;
      if (fresh >= 0 && !taken[fresh]) {
        taken[fresh] = true;
        selectedRows[selected] = row;
        selectedGroups[selected] = groupIds[row];
        selected++;
      }
    }
    if (selected == 0) {
      return;
    }
    try (FieldVector values = argument.getField().createVector(allocator)) {
      Batches.gather(argument, selectedRows, selected, values);
      accumulators[index].addInput(values, selectedGroups, selected);
    }
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {
    requireNonNull(out, "out is null");
    checkOpen();
    if (finished) {
      throw new IllegalStateException("finish was already called");
    }
    finished = true;
    int groupCount = groups.groupCount();
    if (groupKeys.isEmpty() && mode != AggregationMode.PARTIAL && groupCount == 0) {
      // SQL: a global aggregate has one row even over no input.
      groupCount = 1;
      for (Accumulator accumulator : accumulators) {
        accumulator.ensureCapacity(1);
      }
    }
    int keyCount = groupKeys.size();
    for (int from = 0; from < groupCount; from += Batches.DEFAULT_BATCH_SIZE) {
      int count = Math.min(Batches.DEFAULT_BATCH_SIZE, groupCount - from);
      VectorSchemaRoot root = Batches.allocate(emittedSchema, allocator, count);
      try {
        List<FieldVector> vectors = root.getFieldVectors();
        groups.writeKeys(from, count, vectors.subList(0, keyCount).toArray(new FieldVector[0]));
        int column = keyCount;
        for (int i = 0; i < accumulators.length; i++) {
          if (mode == AggregationMode.PARTIAL) {
            FieldVector[] targets =
                vectors.subList(column, column + stateWidths[i]).toArray(new FieldVector[0]);
            accumulators[i].writeIntermediate(from, count, targets);
            column += stateWidths[i];
          } else {
            accumulators[i].writeFinal(from, count, vectors.get(column));
            column++;
          }
        }
        root.setRowCount(count);
      } catch (RuntimeException e) {
        root.close();
        throw e;
      }
      out.accept(root);
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("HashAggregateOperator is closed");
    }
  }

  private static void validate(
      Schema inputSchema, List<Integer> groupKeys, List<AggregateCall> aggregates) {
    for (int key : groupKeys) {
      if (key < 0 || key >= inputSchema.size()) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Group key column "
                + key
                + " is out of range; the input has "
                + inputSchema.size()
                + " columns: "
                + inputSchema.names());
      }
    }
    for (AggregateCall call : aggregates) {
      int argument = call.argument();
      if (argument >= inputSchema.size()) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Aggregate "
                + call
                + " reads column "
                + argument
                + "; the input has "
                + inputSchema.size()
                + " columns: "
                + inputSchema.names());
      }
      if (argument < 0 && call.distinct()) {
        throw new IllegalArgumentException("COUNT(DISTINCT *) is not an aggregate; found " + call);
      }
      DataType expected =
          AggregateCall.resultType(
              call.function(), argument < 0 ? null : inputSchema.type(argument));
      if (!expected.equals(call.type())) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Aggregate "
                + describe(call, inputSchema)
                + " has result type "
                + call.type()
                + "; over its argument it must be "
                + expected);
      }
    }
  }

  private static Accumulator accumulator(AggregateCall call, Schema inputSchema) {
    String name = call.name();
    if (call.function() == AggregateFunction.COUNT) {
      return new CountAccumulator(name);
    }
    DataType type = inputSchema.type(call.argument());
    String description = describe(call, inputSchema);
    boolean integer = type.kind() == DataType.Kind.INT || type.kind() == DataType.Kind.BIGINT;
    return switch (call.function()) {
      case SUM -> {
        if (integer) {
          yield new BigintSumAccumulator(name, description);
        }
        if (type.isDecimal()) {
          yield new ExactSumAccumulator(
              name, description, ExactSumAccumulator.Result.SUM_DECIMAL, type.scale());
        }
        yield new DoubleSumAccumulator(name, false);
      }
      case AVG -> {
        if (integer) {
          yield new ExactSumAccumulator(
              name, description, ExactSumAccumulator.Result.AVG_DOUBLE, 0);
        }
        if (type.isDecimal()) {
          yield new ExactSumAccumulator(
              name, description, ExactSumAccumulator.Result.AVG_DECIMAL, type.scale());
        }
        yield new DoubleSumAccumulator(name, true);
      }
      case MIN -> MinMaxAccumulator.create(name, type, false);
      case MAX -> MinMaxAccumulator.create(name, type, true);
      case COUNT -> throw new IllegalStateException("COUNT is handled above");
    };
  }

  /** A call as users write it, with column names: {@code sum(DISTINCT price)}. */
  private static String describe(AggregateCall call, Schema inputSchema) {
    return call.function().name().toLowerCase(Locale.ROOT)
        + "("
        + (call.distinct() ? "DISTINCT " : "")
        + (call.argument() < 0 ? "*" : inputSchema.field(call.argument()).name())
        + ")";
  }
}
