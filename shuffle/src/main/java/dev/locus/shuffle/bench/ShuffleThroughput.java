package dev.locus.shuffle.bench;

import dev.locus.core.batch.Batches;
import dev.locus.core.batch.Decimals;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.tcp.TcpShuffleTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Throughput of the TCP shuffle transport between two JVMs on this machine: this JVM sends Arrow
 * batches (BIGINT, BIGINT, DOUBLE, DECIMAL(15, 2); 64K rows each) to a receiver JVM it forks with
 * the same class path and Locus's JVM flags; the receiver reads every stream as soon as it is
 * complete (decoding into its own allocator) and reports when it has read a round. A round's time
 * runs from the first send to that report. Prints MB/s of Arrow payload (buffer bytes) per round
 * and the median of the measured rounds.
 *
 * <pre>
 * mvn -B -o -q -pl shuffle -am package -DskipTests
 * mvn -B -o -q -pl shuffle dependency:build-classpath -Dmdep.includeScope=runtime \
 *     -Dmdep.outputFile=/tmp/shuffle-cp.txt
 * java $(cat .mvn/jvm.config) \
 *     -Dlogback.configurationFile=dev/locus/shuffle/bench/logback-throughput.xml \
 *     -cp shuffle/target/classes:$(cat /tmp/shuffle-cp.txt) \
 *     dev.locus.shuffle.bench.ShuffleThroughput [gigabytes per round, default 4] [rounds, default 3]
 *     [batches per stream, default 16] [sending threads, default 1]
 * </pre>
 */
public final class ShuffleThroughput {
  /** The columns of the measured batches: the shape of money and quantities in TPC-H. */
  public static final Schema SCHEMA =
      Schema.of(
          Field.notNull("key", DataType.BIGINT),
          Field.notNull("quantity", DataType.BIGINT),
          Field.notNull("ratio", DataType.DOUBLE),
          Field.notNull("price", DataType.decimal(15, 2)));

  private static final int ROWS = Batches.DEFAULT_BATCH_SIZE;
  private static final long MEMORY_LIMIT = 1L << 30;
  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(5);
  private static final String END_OF_OUTPUT = "\u0000end";

  private ShuffleThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("receive")) {
      receive(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    double gigabytes = args.length > 0 ? Double.parseDouble(args[0]) : 4;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int batchesPerStream = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int senders = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    send(gigabytes, rounds, batchesPerStream, senders);
  }

  private static void send(double gigabytes, int rounds, int batchesPerStream, int senders)
      throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot batch = generate(allocator)) {
      long payload;
      try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
        payload = unloaded.computeBodyLength();
      }
      int streams =
          (int) Math.max(1, Math.round(gigabytes * (1L << 30) / payload / batchesPerStream));
      long roundBytes = payload * streams * batchesPerStream;
      System.out.printf(
          Locale.ROOT,
          "Arrow payload %.2f MB per batch of %d rows; %d streams of %d batches (%.2f GB) per"
              + " round; %d sending thread(s)%n",
          payload / 1e6,
          ROWS,
          streams,
          batchesPerStream,
          roundBytes / 1e9,
          senders);
      Process receiver = forkReceiver(rounds + 1, streams);
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      BlockingQueue<String> lines = lines(receiver);
      try (TcpShuffleTransport transport = TcpShuffleTransport.start(config())) {
        ShuffleAddress target = ShuffleAddress.parse(expect(lines, "READY").substring(6));
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
          String exchange = "bench/round-" + round;
          long start = System.nanoTime();
          List<Future<?>> tasks = new ArrayList<>();
          for (int sender = 0; sender < senders; sender++) {
            int first = sender;
            tasks.add(
                pool.submit(
                    () -> {
                      for (int s = first; s < streams; s += senders) {
                        try (BatchOutbox outbox =
                            transport.openOutbox(target, exchange, new StreamId(s, 0, 0), SCHEMA)) {
                          for (int b = 0; b < batchesPerStream; b++) {
                            outbox.send(batch);
                          }
                          outbox.finish();
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> task : tasks) {
            task.get();
          }
          expect(lines, "READ " + round);
          double seconds = (System.nanoTime() - start) / 1e9;
          double rate = roundBytes / 1e6 / seconds;
          System.out.printf(
              Locale.ROOT,
              "%s %d: %.2f GB in %.2f s = %.0f MB/s%n",
              round == 0 ? "warm-up round" : "round",
              round,
              roundBytes / 1e9,
              seconds,
              rate);
          if (round > 0) {
            rates.add(rate);
          }
        }
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        System.out.printf(
            Locale.ROOT,
            "median of %d rounds: %.0f MB/s of Arrow payload (rounds: %s)%n",
            sorted.size(),
            sorted.get(sorted.size() / 2),
            Arrays.toString(rates.stream().mapToLong(Math::round).toArray()));
        expect(lines, "DONE");
      } finally {
        pool.shutdownNow();
        receiver.destroy();
        receiver.waitFor();
      }
    }
  }

  private static ShuffleConfig config() {
    return ShuffleConfig.defaults()
        .withSpillDirectory(Path.of(System.getProperty("java.io.tmpdir"), "locus-spill-throughput"))
        .withPendingMemoryLimitBytes(MEMORY_LIMIT);
  }

  /** Reads lines until one starts with {@code prefix}; other lines are the receiver's output. */
  private static String expect(BlockingQueue<String> lines, String prefix)
      throws InterruptedException, IOException {
    while (true) {
      String line = lines.take();
      if (line.equals(END_OF_OUTPUT)) {
        throw new IOException("The receiver JVM ended before printing '" + prefix + "'");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      System.out.println("receiver: " + line);
    }
  }

  /** The receiver's output lines, drained continuously so that it never blocks on its stdout. */
  private static BlockingQueue<String> lines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("receiver output failed: " + e);
              } finally {
                lines.add(END_OF_OUTPUT);
              }
            },
            "receiver-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static Process forkReceiver(int rounds, int streams) throws IOException {
    Properties jvm = new Properties();
    try (InputStream in = ShuffleThroughput.class.getResourceAsStream("jvm.properties")) {
      jvm.load(in);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : jvm.getProperty("flags").trim().split("\\s+")) {
      command.add(flag);
    }
    command.addAll(
        List.of(
            "-Xmx1g",
            "-XX:MaxDirectMemorySize=4g",
            "-Dlogback.configurationFile=dev/locus/shuffle/bench/logback-throughput.xml",
            "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add(ShuffleThroughput.class.getName());
    command.addAll(List.of("receive", Integer.toString(rounds), Integer.toString(streams)));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** The receiver JVM: reads {@code rounds} exchanges of {@code streams} streams each. */
  private static void receive(int rounds, int streams) {
    PrintStream out = System.out;
    try (TcpShuffleTransport transport = TcpShuffleTransport.start(config());
        BufferAllocator allocator = new RootAllocator()) {
      out.println("READY " + transport.address());
      out.flush();
      for (int round = 0; round < rounds; round++) {
        long[] rows = {0};
        try (ExchangeInbox inbox =
            transport.openInbox("bench/round-" + round, SCHEMA, MEMORY_LIMIT)) {
          for (int s = 0; s < streams; s++) {
            StreamId id = new StreamId(s, 0, 0);
            if (!inbox.awaitCompleted(List.of(id), STREAM_TIMEOUT)) {
              throw new IllegalStateException("Stream " + id + " did not complete");
            }
            inbox.read(
                id,
                allocator,
                batch -> {
                  try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
                    rows[0] += root.getRowCount();
                  }
                });
          }
          out.println(
              "READ "
                  + round
                  + " rows="
                  + rows[0]
                  + " spilled="
                  + inbox.bytesSpilled()
                  + " received="
                  + inbox.bytesReceived());
          out.flush();
        }
      }
      out.println("DONE");
      out.flush();
    }
  }

  private static VectorSchemaRoot generate(BufferAllocator allocator) {
    return generate(allocator, ROWS);
  }

  /** One batch of {@link #SCHEMA} with {@code rows} generated rows (fixed seed). */
  public static VectorSchemaRoot generate(BufferAllocator allocator, int rows) {
    VectorSchemaRoot root = Batches.allocate(SCHEMA, allocator, rows);
    SplittableRandom random = new SplittableRandom(42);
    BigIntVector key = (BigIntVector) root.getVector(0);
    BigIntVector quantity = (BigIntVector) root.getVector(1);
    Float8Vector ratio = (Float8Vector) root.getVector(2);
    DecimalVector price = (DecimalVector) root.getVector(3);
    for (int i = 0; i < rows; i++) {
      key.set(i, random.nextLong(1_000_000));
      quantity.set(i, random.nextLong(50));
      ratio.set(i, random.nextDouble());
      Decimals.setUnscaled(price, i, random.nextLong(10_000_000));
    }
    root.setRowCount(rows);
    return root;
  }
}
