package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.StreamId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A node's inboxes by exchange key, shared by its transports. Streams of an exchange that is not
 * open yet go to a pending inbox (bounded by {@link ShuffleConfig#pendingMemoryLimitBytes()}, then
 * spilling), which {@link #open} adopts. Pending inboxes not opened within {@link
 * ShuffleConfig#pendingTimeout()} are dropped; later streams of a closed or expired exchange are
 * refused (their senders get the reason at {@code finish}).
 *
 * <p>Owns the allocator of received frames; {@link #close()} closes it, so frames still held when
 * the node stops show up as a leak.
 */
public final class InboxRegistry implements AutoCloseable {
  /** How many closed exchange keys are remembered to refuse late streams. */
  private static final int REMEMBERED_CLOSED = 10_000;

  private final ShuffleConfig config;
  private final BufferAllocator allocator;
  private final Map<String, SpillingInbox> inboxes = new HashMap<>();
  private final Map<String, String> closed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED_CLOSED;
        }
      };
  private final ScheduledExecutorService reaper;
  private boolean shutDown;

  public InboxRegistry(ShuffleConfig config) {
    this.config = requireNonNull(config, "config is null");
    this.allocator = new RootAllocator();
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "locus-shuffle-reaper");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(10, Math.min(5_000, config.pendingTimeout().toMillis() / 4));
    reaper.scheduleWithFixedDelay(this::expirePending, period, period, TimeUnit.MILLISECONDS);
  }

  public ShuffleConfig config() {
    return config;
  }

  /** The allocator of received frames (transports take staging buffers from it too). */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** Opens an exchange's inbox, adopting the streams that arrived before. */
  public ExchangeInbox open(String exchange, Schema schema, long memoryLimitBytes) {
    requireNonNull(exchange, "exchange is null");
    requireNonNull(schema, "schema is null");
    if (exchange.isEmpty()) {
      throw new LocusException(ErrorCode.INVALID_ARGUMENT, "Exchange key must not be empty");
    }
    if (memoryLimitBytes < 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Memory limit of exchange '" + exchange + "' must be >= 0; found " + memoryLimitBytes);
    }
    synchronized (this) {
      checkRunning();
      SpillingInbox inbox = inboxes.get(exchange);
      if (inbox != null && inbox.opened()) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "Exchange '" + exchange + "' already has an open inbox on this node");
      }
      if (inbox == null) {
        closed.remove(exchange);
        inbox = newInbox(exchange);
        inboxes.put(exchange, inbox);
      }
      inbox.open(schema, memoryLimitBytes);
      return inbox;
    }
  }

  /** The writing end of a stream arriving for {@code exchange}. */
  public IncomingStream begin(String exchange, StreamId stream) {
    requireNonNull(exchange, "exchange is null");
    requireNonNull(stream, "stream is null");
    SpillingInbox inbox;
    synchronized (this) {
      if (shutDown) {
        return IncomingStream.rejected(
            stream,
            "Stream "
                + stream
                + " of exchange '"
                + exchange
                + "' was refused: the node's"
                + " shuffle transport is closed");
      }
      String reason = closed.get(exchange);
      if (reason != null) {
        return IncomingStream.rejected(
            stream, "Stream " + stream + " of exchange '" + exchange + "' was refused: " + reason);
      }
      inbox = inboxes.computeIfAbsent(exchange, this::newInbox);
    }
    return inbox.begin(stream);
  }

  private SpillingInbox newInbox(String exchange) {
    return new SpillingInbox(
        exchange,
        allocator,
        config.spillDirectory(),
        config.pendingMemoryLimitBytes(),
        this::closed);
  }

  private synchronized void closed(SpillingInbox inbox) {
    if (inboxes.get(inbox.exchange()) == inbox) {
      inboxes.remove(inbox.exchange());
      closed.put(inbox.exchange(), inbox.closedReason());
    }
  }

  private synchronized void expirePending() {
    long timeout = config.pendingTimeout().toNanos();
    // Under the registry lock, so that open() cannot adopt an inbox while it expires.
    List<SpillingInbox> expired = new ArrayList<>();
    for (SpillingInbox inbox : inboxes.values()) {
      if (!inbox.opened() && inbox.ageNanos() > timeout) {
        expired.add(inbox);
      }
    }
    for (SpillingInbox inbox : expired) {
      inbox.closeWith(
          "exchange '"
              + inbox.exchange()
              + "' was not opened on this node within "
              + config.pendingTimeout());
    }
  }

  /**
   * Drops the streams held for exchanges whose key starts with {@code prefix} and that no inbox has
   * opened (a job that ended before their consumer ran): memory freed, spill files deleted.
   */
  public synchronized void dropPending(String prefix, String reason) {
    requireNonNull(prefix, "prefix is null");
    List<SpillingInbox> dropped = new ArrayList<>();
    for (SpillingInbox inbox : inboxes.values()) {
      if (!inbox.opened() && inbox.exchange().startsWith(prefix)) {
        dropped.add(inbox);
      }
    }
    for (SpillingInbox inbox : dropped) {
      inbox.closeWith(reason);
    }
  }

  private void checkRunning() {
    if (shutDown) {
      throw new LocusException(ErrorCode.INTERNAL_ERROR, "The node's shuffle transport is closed");
    }
  }

  /** Closes every inbox, then the allocator (which fails if frames are still held). */
  @Override
  public void close() {
    List<SpillingInbox> open;
    synchronized (this) {
      if (shutDown) {
        return;
      }
      shutDown = true;
      open = new ArrayList<>(inboxes.values());
    }
    reaper.shutdownNow();
    for (SpillingInbox inbox : open) {
      inbox.close();
    }
    allocator.close();
  }
}
