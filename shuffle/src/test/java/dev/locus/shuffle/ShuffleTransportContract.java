package dev.locus.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.memory.SpillingInbox;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ShuffleTransport} must do; each transport's test extends this. Streams go from
 * a sender node to a separate receiver node. The test allocator (senders and readers) and each
 * transport's own allocator are closed at the end, so leaked buffers fail the test.
 */
public abstract class ShuffleTransportContract {
  protected static final Schema ALL_TYPES =
      Schema.of(
          Field.nullable("flag", DataType.BOOLEAN),
          Field.nullable("i", DataType.INT),
          Field.nullable("l", DataType.BIGINT),
          Field.nullable("d", DataType.DOUBLE),
          Field.nullable("money", DataType.decimal(15, 2)),
          Field.nullable("wide", DataType.decimal(38, 10)),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.notNull("ts", DataType.TIMESTAMP));

  protected static final Schema LONGS = Schema.of(Field.notNull("value", DataType.BIGINT));
  protected static final String EXCHANGE = "job-1/exchange-2";
  protected static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir protected Path spillDirectory;

  protected BufferAllocator allocator;
  protected ShuffleTransport sender;
  protected ShuffleTransport receiver;

  /** A node of the transport under test. */
  protected abstract ShuffleTransport newTransport(String name, ShuffleConfig config);

  protected ShuffleConfig config() {
    return ShuffleConfig.defaults().withSpillDirectory(spillDirectory);
  }

  @BeforeEach
  public void startNodes() {
    allocator = new RootAllocator();
    receiver = newTransport("receiver", config());
    sender = newTransport("sender", config());
  }

  @AfterEach
  public void stopNodes() {
    sender.close();
    receiver.close();
    allocator.close();
  }

  protected static List<List<Object>> allTypesRows(int count, int seed) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int v = seed * 1000 + i;
      boolean nulls = i % 3 == 1;
      rows.add(
          Arrays.asList(
              nulls ? null : v % 2 == 0,
              nulls ? null : (i == 0 ? Integer.MIN_VALUE : v),
              nulls ? null : (i == 2 ? Long.MAX_VALUE : (long) v * 1_000_003L),
              nulls ? null : (i == 3 ? Double.NaN : v / 7.0),
              nulls ? null : BigDecimal.valueOf(v * 101L - 5_000, 2),
              nulls ? null : new BigDecimal("1234567890123456789012345678.0123456789").negate(),
              nulls ? null : (i % 5 == 0 ? "" : "näme-" + v + "-✓"),
              nulls ? null : LocalDate.of(1970, 1, 1).plusDays(v - 500),
              LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000).plusSeconds(v)));
    }
    return rows;
  }

  protected VectorSchemaRoot batch(Schema schema, List<List<Object>> rows) {
    return Batches.fromRows(schema, rows, allocator);
  }

  protected VectorSchemaRoot longs(long from, int count) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(List.of(from + i));
    }
    return batch(LONGS, rows);
  }

  /** Sends each rows list as one batch and finishes. */
  protected void sendRows(BatchOutbox outbox, Schema schema, List<List<List<Object>>> batches) {
    for (List<List<Object>> rows : batches) {
      try (VectorSchemaRoot root = batch(schema, rows)) {
        outbox.send(root);
      }
    }
  }

  /** The rows of each batch read from a stream (batches closed). */
  protected List<List<List<Object>>> readRows(ExchangeInbox inbox, StreamId stream) {
    List<List<List<Object>>> batches = new ArrayList<>();
    inbox.read(
        stream,
        allocator,
        batch -> {
          try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
            batches.add(Batches.toRows(root));
          }
        });
    return batches;
  }

  protected static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  protected List<Path> spillFiles() {
    if (!Files.exists(spillDirectory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spillDirectory)) {
      return files.toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  public void roundTripsEveryTypeWithNullsAndEmptyBatches() {
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, ALL_TYPES, 64 << 20);
    StreamId id = new StreamId(0, 0, 1);
    List<List<List<Object>>> sent =
        List.of(allTypesRows(100, 1), List.of(), allTypesRows(3, 2), List.of());
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, ALL_TYPES)) {
      sendRows(outbox, ALL_TYPES, sent);
      outbox.finish();
    }
    assertThat(inbox.completed()).containsExactly(id);
    List<Schema> schemas = new ArrayList<>();
    List<List<List<Object>>> received = new ArrayList<>();
    inbox.read(
        id,
        allocator,
        batch -> {
          try (VectorSchemaRoot root = (VectorSchemaRoot) batch) {
            schemas.add(Schema.fromArrow(root.getSchema()));
            received.add(Batches.toRows(root));
          }
        });
    assertThat(received).isEqualTo(sent);
    assertThat(schemas).containsOnly(ALL_TYPES);
    assertThat(inbox.completed()).isEmpty();
    assertThat(inbox.bytesReceived()).isPositive();
    assertThat(inbox.bytesSpilled()).isZero();
  }

  public record Order(long id, String customer, BigDecimal amount, List<String> tags) {}

  @Test
  @SuppressWarnings("unchecked")
  public void roundTripsObjectBatches() {
    Schema objects = Schema.objects("order");
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, objects, 64 << 20);
    StreamId id = new StreamId(3, 1, 0);
    List<Object> first =
        Arrays.asList(
            new Order(1, "Ada", new BigDecimal("12.50"), List.of("new")),
            null,
            Map.entry("k", 7L),
            "text");
    List<Object> empty = List.of();
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, objects)) {
      outbox.send(first);
      outbox.send(empty);
      outbox.send(
          new ArrayList<>(
              Collections.nCopies(1000, new Order(2, "Bo", BigDecimal.ONE, List.of()))));
      outbox.finish();
    }
    List<Object> received = new ArrayList<>();
    inbox.read(id, allocator, received::add);
    assertThat(received).hasSize(3);
    assertThat(received.get(0)).isEqualTo(first);
    assertThat(received.get(1)).isEqualTo(empty);
    assertThat((List<Object>) received.get(2))
        .hasSize(1000)
        .containsOnly(new Order(2, "Bo", BigDecimal.ONE, List.of()));
  }

  @Test
  public void finishesAStreamWithoutBatches() {
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, LONGS, 1 << 20);
    StreamId id = new StreamId(0, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS)) {
      outbox.finish();
    }
    assertThat(inbox.completed()).containsExactly(id);
    assertThat(readRows(inbox, id)).isEmpty();
  }

  @Test
  public void receivesManyStreamsIntoOneInboxConcurrently() throws Exception {
    int producers = 8;
    int consumers = 2;
    int batches = 5;
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, LONGS, 256 << 20);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        for (int c = 0; c < consumers; c++) {
          StreamId id = new StreamId(p, 0, c);
          long base = (p * consumers + c) * 1_000_000L;
          tasks.add(
              pool.submit(
                  () -> {
                    try (BatchOutbox outbox =
                        sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS)) {
                      for (int b = 0; b < batches; b++) {
                        try (VectorSchemaRoot root = longs(base + b * 10_000L, 10_000)) {
                          outbox.send(root);
                        }
                      }
                      outbox.finish();
                    }
                  }));
        }
      }
      for (Future<?> task : tasks) {
        task.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(inbox.completed()).hasSize(producers * consumers);
    for (int p = 0; p < producers; p++) {
      for (int c = 0; c < consumers; c++) {
        long base = (p * consumers + c) * 1_000_000L;
        List<Object> expected = new ArrayList<>();
        for (long v = base; v < base + batches * 10_000L; v++) {
          expected.add(v);
        }
        List<Object> values =
            readRows(inbox, new StreamId(p, 0, c)).stream()
                .flatMap(List::stream)
                .map(row -> row.get(0))
                .toList();
        assertThat(values).isEqualTo(expected);
      }
    }
    assertThat(((SpillingInbox) inbox).memoryUsed()).isZero();
  }

  @Test
  public void dropsAnAbortedStreamAndFreesItsMemory() {
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(1, 0, 0);
    BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
    try (VectorSchemaRoot root = longs(0, 1000)) {
      outbox.send(root);
    }
    await(() -> inbox.memoryUsed() > 0, "the first batch is held");
    outbox.abort("task 1 failed");
    outbox.close();
    await(() -> !inbox.holds(id), "the aborted stream is dropped");
    assertThat(inbox.memoryUsed()).isZero();
    assertThat(inbox.completed()).isEmpty();
    assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Cannot read stream producer 1 attempt 0 -> consumer 0 of exchange 'job-1/exchange-2':"
                + " it was aborted by its sender: task 1 failed");
  }

  @Test
  public void closingWithoutFinishAbortsTheStream() {
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, LONGS, 0);
    StreamId id = new StreamId(1, 2, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(0, 1000)) {
      outbox.send(root);
      await(() -> inbox.bytesSpilled() > 0, "the batch is spilled");
    }
    await(() -> !inbox.holds(id), "the stream is dropped");
    await(() -> spillFiles().isEmpty(), "its spill file is deleted");
    assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
        .hasMessageEndingWith("it was aborted by its sender: closed without finish");
  }

  @Test
  public void readingAnIncompleteStreamFails() {
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(2, 0, 1);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(0, 10)) {
      outbox.send(root);
      await(() -> inbox.bytesReceived() > 0, "the batch arrived");
      assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
          .isInstanceOf(LocusException.class)
          .hasMessage(
              "Cannot read stream producer 2 attempt 0 -> consumer 1 of exchange"
                  + " 'job-1/exchange-2': it is not complete (still receiving; 1 batch so far)")
          .extracting(e -> ((LocusException) e).code())
          .isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
    assertThatThrownBy(() -> inbox.read(new StreamId(9, 0, 1), allocator, batch -> {}))
        .hasMessage(
            "Cannot read stream producer 9 attempt 0 -> consumer 1 of exchange"
                + " 'job-1/exchange-2': it has not arrived; complete streams: []");
  }

  @Test
  public void readsAStreamOnce() {
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(0, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(5, 3)) {
      outbox.send(root);
      outbox.finish();
    }
    assertThat(readRows(inbox, id)).containsExactly(List.of(List.of(5L), List.of(6L), List.of(7L)));
    assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
        .hasMessageEndingWith("it was already read");
  }

  @Test
  public void spillsBeyondTheMemoryLimitAndReadsBackTheSameData() {
    List<List<List<Object>>> sent = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      sent.add(allTypesRows(500, b));
    }
    // Room for about one batch: the first stays in memory, the others spill.
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, ALL_TYPES, 60_000);
    StreamId id = new StreamId(4, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, ALL_TYPES)) {
      sendRows(outbox, ALL_TYPES, sent);
      outbox.finish();
    }
    assertThat(inbox.bytesSpilled()).isPositive().isLessThan(inbox.bytesReceived());
    assertThat(inbox.memoryUsed()).isPositive().isLessThanOrEqualTo(60_000);
    assertThat(spillFiles()).hasSize(1);
    assertThat(readRows(inbox, id)).isEqualTo(sent);
    assertThat(inbox.memoryUsed()).isZero();
    assertThat(spillFiles()).isEmpty();
  }

  @Test
  public void spillsEverythingWithAZeroLimitAndDeletesFilesOnClose() {
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, LONGS, 0);
    StreamId kept = new StreamId(0, 0, 0);
    StreamId read = new StreamId(1, 0, 0);
    for (StreamId id : List.of(kept, read)) {
      try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS)) {
        for (int b = 0; b < 3; b++) {
          try (VectorSchemaRoot root = longs(b * 100L, 100)) {
            outbox.send(root);
          }
        }
        outbox.finish();
      }
    }
    assertThat(inbox.bytesSpilled()).isEqualTo(inbox.bytesReceived()).isPositive();
    assertThat(spillFiles()).hasSize(2);
    assertThat(readRows(inbox, read).stream().mapToInt(List::size).sum()).isEqualTo(300);
    assertThat(spillFiles()).hasSize(1);
    inbox.close();
    assertThat(spillFiles()).isEmpty();
    assertThat(inbox.completed()).isEmpty();
    assertThatThrownBy(() -> inbox.read(kept, allocator, batch -> {}))
        .hasMessageEndingWith("the inbox is closed");
  }

  @Test
  public void discardsAStreamAndRefusesItLater() {
    SpillingInbox inbox = (SpillingInbox) receiver.openInbox(EXCHANGE, LONGS, 64 << 20);
    StreamId id = new StreamId(0, 0, 0);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(0, 100)) {
      outbox.send(root);
      outbox.finish();
    }
    inbox.discard(id);
    assertThat(inbox.memoryUsed()).isZero();
    assertThat(inbox.completed()).isEmpty();
    assertThatThrownBy(() -> inbox.read(id, allocator, batch -> {}))
        .hasMessageEndingWith("it was discarded by the receiver");
    StreamId superseded = new StreamId(0, 1, 0);
    inbox.discard(superseded);
    BatchOutbox late = sender.openOutbox(receiver.address(), EXCHANGE, superseded, LONGS);
    assertThatThrownBy(late::finish)
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Stream producer 0 attempt 1 -> consumer 0 of exchange 'job-1/exchange-2' was"
                + " refused: it was discarded by the receiver");
    late.close();
  }

  @Test
  public void holdsStreamsThatArriveBeforeTheInboxIsOpened() {
    StreamId id = new StreamId(0, 0, 3);
    try (BatchOutbox outbox = sender.openOutbox(receiver.address(), EXCHANGE, id, LONGS);
        VectorSchemaRoot root = longs(40, 2)) {
      outbox.send(root);
      outbox.finish();
    }
    ExchangeInbox inbox = receiver.openInbox(EXCHANGE, LONGS, 1 << 20);
    assertThat(inbox.awaitCompleted(List.of(id), WAIT)).isTrue();
    assertThat(readRows(inbox, id)).containsExactly(List.of(List.of(40L), List.of(41L)));
    assertThatThrownBy(() -> receiver.openInbox(EXCHANGE, LONGS, 1 << 20))
        .hasMessage("Exchange 'job-1/exchange-2' already has an open inbox on this node");
  }

  @Test
  public void dropsStreamsOfAnExchangeNeverOpened() {
    sender.close();
    receiver.close();
    ShuffleConfig config =
        config().withPendingMemoryLimitBytes(0).withPendingTimeout(Duration.ofMillis(100));
    receiver = newTransport("receiver", config);
    sender = newTransport("sender", config);
    try (BatchOutbox outbox =
            sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(0, 0, 0), LONGS);
        VectorSchemaRoot root = longs(0, 2)) {
      outbox.send(root);
      outbox.finish();
    }
    assertThat(spillFiles()).hasSize(1);
    await(() -> spillFiles().isEmpty(), "the pending exchange expires");
    BatchOutbox late =
        sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(1, 0, 0), LONGS);
    assertThatThrownBy(late::finish)
        .hasMessage(
            "Stream producer 1 attempt 0 -> consumer 0 of exchange 'job-1/exchange-2' was"
                + " refused: exchange 'job-1/exchange-2' was not opened on this node within"
                + " PT0.1S");
    late.close();
  }

  @Test
  public void dropsTheStreamsHeldForAnEndedJob() {
    sender.close();
    receiver.close();
    ShuffleConfig config = config().withPendingMemoryLimitBytes(0);
    receiver = newTransport("receiver", config);
    sender = newTransport("sender", config);
    try (BatchOutbox outbox =
            sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(0, 0, 0), LONGS);
        VectorSchemaRoot root = longs(0, 2)) {
      outbox.send(root);
      outbox.finish();
    }
    assertThat(spillFiles()).hasSize(1);
    receiver.dropPending("job-2/", "job job-2 has ended");
    assertThat(spillFiles()).hasSize(1);
    receiver.dropPending("job-1/", "job job-1 has ended");
    assertThat(spillFiles()).isEmpty();
    BatchOutbox late =
        sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(1, 0, 0), LONGS);
    assertThatThrownBy(late::finish)
        .hasMessage(
            "Stream producer 1 attempt 0 -> consumer 0 of exchange 'job-1/exchange-2' was"
                + " refused: job job-1 has ended");
    late.close();
  }

  @Test
  public void refusesBatchesThatDoNotMatchTheStream() {
    receiver.openInbox(EXCHANGE, LONGS, 1 << 20);
    try (BatchOutbox outbox =
            sender.openOutbox(receiver.address(), EXCHANGE, new StreamId(0, 0, 0), LONGS);
        VectorSchemaRoot wrong = batch(ALL_TYPES, allTypesRows(1, 0))) {
      assertThatThrownBy(() -> outbox.send(wrong))
          .hasMessage(
              "Stream producer 0 attempt 0 -> consumer 0 of exchange 'job-1/exchange-2' carries"
                  + " batches of [value BIGINT NOT NULL]; found a batch of "
                  + ALL_TYPES);
      assertThatThrownBy(() -> outbox.send(List.of(1, 2)))
          .hasMessage(
              "Stream producer 0 attempt 0 -> consumer 0 of exchange 'job-1/exchange-2' carries"
                  + " Arrow batches of [value BIGINT NOT NULL]; found an object batch of 2"
                  + " elements");
    }
  }
}
