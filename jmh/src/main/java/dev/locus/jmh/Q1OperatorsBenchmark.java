package dev.locus.jmh;

import dev.locus.core.api.Locus;
import dev.locus.core.batch.Batches;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.source.memory.ArrowMemorySource;
import dev.locus.core.source.tpch.TpchSource;
import dev.locus.core.type.Schema;
import dev.locus.operators.aggregate.AggregationMode;
import dev.locus.operators.aggregate.HashAggregateOperator;
import dev.locus.operators.project.ProjectOperator;
import dev.locus.scheduler.tpch.TpchQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Project and the partial Aggregate of TPC-H Q1 (as {@link TpchQueries#q1} plans them), each
 * alone on one thread over the lineitem rows: {@code project} computes the aggregate arguments,
 * among them {@code l_extendedprice * (1 - l_discount)} and {@code ... * (1 + l_tax)} on DECIMAL;
 * {@code aggregate} groups the projected batches by the two 1-character flags into 4 groups with 8
 * aggregates. Inputs are zero-copy views made per invocation outside the measurement. The Filter is
 * left out (it keeps about 98% of the rows).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Q1OperatorsBenchmark {
  @Param({"1"})
  public double sf;

  private BufferAllocator allocator;
  private ArrowMemorySource lineitem;
  private ArrowMemorySource projected;
  private Project project;
  private Aggregate aggregate;
  private List<VectorSchemaRoot> lineitemViews;
  private List<VectorSchemaRoot> projectedViews;

  @Setup(Level.Trial)
  public void load() {
    allocator = new RootAllocator();
    lineitem =
        ArrowMemorySource.load(
            TpchSource.table("lineitem", sf),
            TpchBenchmark.COLUMNS,
            allocator,
            Batches.DEFAULT_BATCH_SIZE);
    try (Locus locus = Locus.local()) {
      LogicalPlan plan = TpchQueries.q1(locus, name -> lineitem).plan();
      while (!(plan instanceof Aggregate)) {
        plan = plan.inputs().get(0);
      }
      aggregate = (Aggregate) plan;
      project = (Project) aggregate.input();
    }
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try (ProjectOperator operator = projectOperator()) {
      for (VectorSchemaRoot view : BenchmarkData.views(lineitem, allocator)) {
        operator.push(view, batches::add);
      }
    }
    projected = new ArrowMemorySource("projected", project.schema(), batches);
  }

  @Setup(Level.Invocation)
  public void takeInput() {
    lineitemViews = BenchmarkData.views(lineitem, allocator);
    projectedViews = BenchmarkData.views(projected, allocator);
  }

  @TearDown(Level.Invocation)
  public void dropInput() {
    // Each benchmark consumes only one of the two inputs; close what is left of the other.
    for (VectorSchemaRoot view : lineitemViews) {
      view.close();
    }
    for (VectorSchemaRoot view : projectedViews) {
      view.close();
    }
  }

  @Benchmark
  public void project(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    try (ProjectOperator operator = projectOperator()) {
      for (VectorSchemaRoot batch : lineitemViews) {
        operator.push(batch, out);
      }
    }
    lineitemViews = List.of();
  }

  @Benchmark
  public void aggregate(Blackhole blackhole) {
    Consumer<VectorSchemaRoot> out =
        batch -> {
          blackhole.consume(batch.getRowCount());
          batch.close();
        };
    Schema input = aggregate.input().schema();
    try (HashAggregateOperator operator =
        new HashAggregateOperator(
            AggregationMode.PARTIAL,
            input,
            aggregate.groupKeys(),
            aggregate.aggregates(),
            allocator)) {
      for (VectorSchemaRoot batch : projectedViews) {
        operator.push(batch, out);
      }
      operator.finish(out);
    }
    projectedViews = List.of();
  }

  private ProjectOperator projectOperator() {
    return new ProjectOperator(
        project.input().schema(), project.expressions(), project.schema(), allocator);
  }

  @TearDown(Level.Trial)
  public void release() {
    projected.close();
    lineitem.close();
    allocator.close();
  }
}
