package dev.locus.jmh;

import dev.locus.core.type.Schema;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.bench.ShuffleThroughput;
import dev.locus.shuffle.memory.LocalShuffleNetwork;
import dev.locus.shuffle.tcp.TcpShuffleTransport;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One shuffle stream of about 32 MB of Arrow payload (BIGINT, BIGINT, DOUBLE, DECIMAL(15, 2)
 * batches of {@code rows} rows) from a sender node to a receiver node in this process: over
 * loopback TCP, or through the in-memory transport. An operation sends the stream, waits for the
 * receiver's acknowledgement and reads it back into Arrow batches. The {@code megabytes} counter is
 * MB/s of Arrow payload (buffer bytes, excluding IPC metadata); the score is streams per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The fork inherits the launching JVM's flags (README: java $(cat .mvn/jvm.config) -jar ...).
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "-XX:MaxDirectMemorySize=4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ShuffleBenchmark {
  private static final Schema SCHEMA = ShuffleThroughput.SCHEMA;
  private static final long STREAM_BYTES = 32L << 20;

  @Param({"4096", "65536"})
  public int rows;

  @Param({"tcp", "local"})
  public String transport;

  private BufferAllocator allocator;
  private VectorSchemaRoot batch;
  private long payloadPerBatch;
  private int batchesPerStream;
  private ShuffleTransport sender;
  private ShuffleTransport receiver;
  private ExchangeInbox inbox;
  private int next;

  /** Arrow payload moved, reported by JMH as a rate (MB/s). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Payload {
    public double megabytes;

    @Setup(Level.Iteration)
    public void reset() {
      megabytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void start() {
    allocator = new RootAllocator();
    batch = ShuffleThroughput.generate(allocator, rows);
    try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
      payloadPerBatch = unloaded.computeBodyLength();
    }
    batchesPerStream = (int) Math.max(1, STREAM_BYTES / payloadPerBatch);
    ShuffleConfig config =
        ShuffleConfig.defaults()
            .withSpillDirectory(
                Path.of(System.getProperty("java.io.tmpdir"), "locus-spill-benchmark"));
    if (transport.equals("tcp")) {
      receiver = TcpShuffleTransport.start(config);
      sender = TcpShuffleTransport.start(config);
    } else {
      LocalShuffleNetwork network = new LocalShuffleNetwork();
      receiver = network.join("receiver", config);
      sender = network.join("sender", config);
    }
    inbox = receiver.openInbox("benchmark", SCHEMA, 1L << 30);
  }

  @Benchmark
  public void sendAndRead(Payload payload, Blackhole blackhole) {
    StreamId id = new StreamId(next++, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), "benchmark", id, SCHEMA)) {
      for (int b = 0; b < batchesPerStream; b++) {
        outbox.send(batch);
      }
      outbox.finish();
    }
    inbox.read(
        id,
        allocator,
        received -> {
          try (VectorSchemaRoot root = (VectorSchemaRoot) received) {
            blackhole.consume(root.getRowCount());
          }
        });
    payload.megabytes += payloadPerBatch * batchesPerStream / 1e6;
  }

  @TearDown(Level.Trial)
  public void stop() {
    inbox.close();
    sender.close();
    receiver.close();
    batch.close();
    allocator.close();
  }
}
