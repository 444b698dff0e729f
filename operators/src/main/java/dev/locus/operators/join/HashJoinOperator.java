package dev.locus.operators.join;

import static java.util.Objects.requireNonNull;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import dev.locus.operators.Operator;
import dev.locus.operators.expr.ExpressionEvaluator;
import dev.locus.operators.hash.KeyEquality;
import dev.locus.operators.hash.KeyHashing;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The probe side of a hash join: pushes the LEFT input through a shared {@link JoinHashTable} of
 * the RIGHT input.
 *
 * <p>Per probe batch: hash the probe keys column-at-a-time, look each row up once, and collect
 * (probe row, build row) candidate pairs into two {@code int[]} of at most {@link
 * Batches#DEFAULT_BATCH_SIZE}; each full buffer is filtered by the residual (evaluated over the
 * gathered left++right candidate columns) and turned into an output batch with {@link
 * Batches#gather}. Rows with a NULL key match nothing.
 *
 * <p>Output: INNER, LEFT, RIGHT, FULL give the left columns then the right columns (NULL on the
 * side without a match, as {@code Join.schema()}); SEMI and ANTI give the left columns of the rows
 * with / without a match (ANTI is NOT EXISTS: a row with a NULL key is kept). For RIGHT and FULL,
 * build rows are marked in the table when a pair passes; the executor emits the build rows never
 * matched with {@link JoinHashTable#emitUnmatchedBuildRows} after every probe operator finished.
 * The operator does not own the table.
 */
public final class HashJoinOperator implements Operator<VectorSchemaRoot, VectorSchemaRoot> {
  private final JoinType type;
  private final JoinHashTable table;
  private final List<Integer> probeKeys;
  private final ExpressionEvaluator residual;
  private final BufferAllocator allocator;
  private final Schema outputSchema;
  private final org.apache.arrow.vector.types.pojo.Schema arrowOutputSchema;
  private final org.apache.arrow.vector.types.pojo.Schema candidateSchema;
  private final boolean tracksProbeMatches;
  private final boolean marksBuildRows;

  private final int[] pairProbeRows;
  private final int[] pairBuildRows;
  private int pairCount;
  private long[] hashes = new long[0];
  private boolean[] nullKey = new boolean[0];
  private boolean[] probeMatched = new boolean[0];
  private boolean closed;

  /**
   * @param table the build (right) side, shared; not closed by this operator
   * @param probeKeys key columns of the left input, pairwise comparable with the table's keys
   * @param residual a condition over left++right columns, {@link Join#TRUE} for none
   */
  public HashJoinOperator(
      JoinType type,
      JoinHashTable table,
      List<Integer> probeKeys,
      RowExpression residual,
      Schema leftSchema,
      Schema rightSchema,
      BufferAllocator allocator) {
    this.type = requireNonNull(type, "type is null");
    this.table = requireNonNull(table, "table is null");
    this.probeKeys = List.copyOf(requireNonNull(probeKeys, "probeKeys is null"));
    requireNonNull(residual, "residual is null");
    requireNonNull(leftSchema, "leftSchema is null");
    requireNonNull(rightSchema, "rightSchema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    checkKeys(leftSchema, rightSchema);
    Schema candidates = leftSchema.concat(rightSchema);
    if (Join.TRUE.equals(residual)) {
      this.residual = null;
    } else {
      if (residual.type().kind() != DataType.Kind.BOOLEAN) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Join residual " + residual + " must be BOOLEAN; found " + residual.type());
      }
      this.residual = ExpressionEvaluator.compile(residual, candidates);
    }
    this.candidateSchema = candidates.toArrow();
    this.outputSchema = JoinOutput.schema(type, leftSchema, rightSchema);
    this.arrowOutputSchema = outputSchema.toArrow();
    this.tracksProbeMatches = type != JoinType.INNER && type != JoinType.RIGHT;
    this.marksBuildRows = type == JoinType.RIGHT || type == JoinType.FULL;
    this.pairProbeRows = new int[Batches.DEFAULT_BATCH_SIZE];
    this.pairBuildRows = new int[Batches.DEFAULT_BATCH_SIZE];
  }

  private void checkKeys(Schema leftSchema, Schema rightSchema) {
    List<Integer> buildKeys = table.keys();
    if (probeKeys.size() != buildKeys.size()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Join needs as many probe keys as build keys; found " + probeKeys + " and " + buildKeys);
    }
    for (int i = 0; i < probeKeys.size(); i++) {
      int probeKey = probeKeys.get(i);
      if (probeKey < 0 || probeKey >= leftSchema.size()) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Probe key column "
                + probeKey
                + " is out of range; the left input has columns "
                + leftSchema.names());
      }
      DataType probeType = leftSchema.type(probeKey);
      DataType buildType = rightSchema.type(buildKeys.get(i));
      if (!KeyEquality.comparable(probeType, buildType)) {
        throw new LocusException(
            ErrorCode.TYPE_MISMATCH,
            "Join keys "
                + leftSchema.field(probeKey).name()
                + " "
                + probeType
                + " and "
                + rightSchema.field(buildKeys.get(i)).name()
                + " "
                + buildType
                + " have different types; a key pair must have one type");
      }
    }
  }

  /** The schema of the batches this operator emits. */
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public void push(VectorSchemaRoot batch, Consumer<VectorSchemaRoot> out) {
    requireNonNull(batch, "batch is null");
    requireNonNull(out, "out is null");
    try (batch) {
      if (closed) {
        throw new IllegalStateException("HashJoinOperator is closed");
      }
      table.checkOpen();
      probe(batch, out);
    } finally {
      pairCount = 0;
    }
  }

  private void probe(VectorSchemaRoot probe, Consumer<VectorSchemaRoot> out) {
    int rowCount = probe.getRowCount();
    if (rowCount == 0) {
      return;
    }
    if (hashes.length < rowCount) {
      hashes = new long[rowCount];
      nullKey = new boolean[rowCount];
      probeMatched = new boolean[rowCount];
    }
    Arrays.fill(probeMatched, 0, rowCount, false);
    boolean keyed = !probeKeys.isEmpty();
    KeyEquality equality = null;
    if (keyed) {
      FieldVector[] keyVectors = KeyHashing.keyVectors(probe, probeKeys);
      KeyHashing.hash(keyVectors, rowCount, hashes);
      KeyHashing.markNullKeys(keyVectors, rowCount, nullKey);
      equality = KeyEquality.of(keyVectors, table.keyVectors());
    }
    boolean semiOrAnti = !type.outputsRight();
    boolean needsPairs = !semiOrAnti || residual != null;
    // hot path
    for (int row = 0; row < rowCount; row++) {
      if (keyed && nullKey[row]) {
        continue;
      }
      int buildRow = table.find(hashes[row], equality, row);
      if (buildRow < 0) {
        continue;
      }
      if (!needsPairs) {
        probeMatched[row] = true;
        continue;
      }
      for (; buildRow >= 0; buildRow = table.next(buildRow)) {
        if (semiOrAnti && probeMatched[row]) {
          break;
        }
        pairProbeRows[pairCount] = row;
        pairBuildRows[pairCount] = buildRow;
        if (++pairCount == pairProbeRows.length) {
          flushPairs(probe, out);
        }
      }
    }
    flushPairs(probe, out);
    switch (type) {
      case LEFT, FULL -> emitProbeRows(probe, false, true, out);
      case SEMI -> emitProbeRows(probe, true, false, out);
      case ANTI -> emitProbeRows(probe, false, false, out);
      default -> {}
    }
  }

  /** Filters the candidate pairs by the residual, records matches and emits matched pairs. */
  private void flushPairs(VectorSchemaRoot probe, Consumer<VectorSchemaRoot> out) {
    int count = pairCount;
    pairCount = 0;
    if (count == 0) {
      return;
    }
    if (residual != null) {
      count = filterByResidual(probe, count);
    }
    if (tracksProbeMatches) {
      for (int i = 0; i < count; i++) {
        probeMatched[pairProbeRows[i]] = true;
      }
    }
    if (marksBuildRows) {
      for (int i = 0; i < count; i++) {
        table.markMatched(pairBuildRows[i]);
      }
    }
    if (type.outputsRight() && count > 0) {
      out.accept(
          JoinOutput.assemble(
              probe,
              pairProbeRows,
              table.rows(),
              pairBuildRows,
              count,
              arrowOutputSchema,
              allocator));
    }
  }

  /** Keeps the pairs where the residual is TRUE (not FALSE, not NULL); returns how many. */
  private int filterByResidual(VectorSchemaRoot probe, int count) {
    try (VectorSchemaRoot candidates =
        JoinOutput.assemble(
            probe, pairProbeRows, table.rows(), pairBuildRows, count, candidateSchema, allocator)) {
      FieldVector result = residual.evaluate(candidates, allocator);
      try {
        if (!(result instanceof BitVector mask)) {
          throw new LocusException(
              ErrorCode.INTERNAL_ERROR,
              "Join residual evaluated to " + result.getClass().getSimpleName() + ", not BOOLEAN");
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
          if (!mask.isNull(i) && mask.get(i) != 0) {
            pairProbeRows[kept] = pairProbeRows[i];
            pairBuildRows[kept] = pairBuildRows[i];
            kept++;
          }
        }
        return kept;
      } finally {
        result.close();
      }
    }
  }

  /**
   * Emits the probe rows whose match flag equals {@code matched}, with NULL right columns when
   * {@code withNullRight}.
   */
  private void emitProbeRows(
      VectorSchemaRoot probe,
      boolean matched,
      boolean withNullRight,
      Consumer<VectorSchemaRoot> out) {
    int rowCount = probe.getRowCount();
    int count = 0;
    if (withNullRight) {
      Arrays.fill(pairBuildRows, -1);
    }
    for (int row = 0; row < rowCount; row++) {
      if (probeMatched[row] == matched) {
        pairProbeRows[count++] = row;
        if (count == pairProbeRows.length) {
          emitRows(probe, count, withNullRight, out);
          count = 0;
        }
      }
    }
    if (count > 0) {
      emitRows(probe, count, withNullRight, out);
    }
  }

  private void emitRows(
      VectorSchemaRoot probe, int count, boolean withNullRight, Consumer<VectorSchemaRoot> out) {
    out.accept(
        JoinOutput.assemble(
            probe,
            pairProbeRows,
            withNullRight ? table.rows() : null,
            pairBuildRows,
            count,
            arrowOutputSchema,
            allocator));
  }

  @Override
  public void finish(Consumer<VectorSchemaRoot> out) {
    requireNonNull(out, "out is null");
    if (closed) {
      throw new IllegalStateException("HashJoinOperator is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
