package dev.locus.shuffle.tcp;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.ExchangeInbox;
import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.ShuffleConfig;
import dev.locus.shuffle.ShuffleTransport;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.memory.InboxRegistry;
import dev.locus.shuffle.memory.LocalOutbox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP data plane: one server socket per node, a thread per incoming connection (blocking NIO),
 * Arrow buffers written from the sender's vectors and read into the inbox's memory without
 * intermediate copies. Connections are reused per target for the next stream once a stream was
 * acknowledged. Streams to this node's own address skip the socket ({@link LocalOutbox}).
 *
 * <p>Streams may arrive before their exchange's inbox is opened: they are held in a pending inbox
 * (memory up to {@link ShuffleConfig#pendingMemoryLimitBytes()}, then spill) for at most {@link
 * ShuffleConfig#pendingTimeout()}, then dropped.
 *
 * <p>Receiving never waits for consumers (inboxes spill instead); a sender is slowed only by TCP
 * when a receiving thread cannot keep up (for example with a slow disk).
 */
public final class TcpShuffleTransport implements ShuffleTransport {
  private static final Logger LOG = LoggerFactory.getLogger(TcpShuffleTransport.class);

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int IDLE_CONNECTIONS_PER_TARGET = 8;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final InboxRegistry registry;
  private final ServerSocketChannel server;
  private final ShuffleAddress address;
  private final ExecutorService receivers;
  private final Thread acceptor;
  private final Set<SocketChannel> incoming = ConcurrentHashMap.newKeySet();
  private final Map<ShuffleAddress, ArrayDeque<TcpConnection>> idle = new HashMap<>();
  private volatile boolean closed;

  private TcpShuffleTransport(
      InboxRegistry registry, ServerSocketChannel server, ShuffleAddress address) {
    this.registry = registry;
    this.server = server;
    this.address = address;
    this.receivers =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "locus-shuffle-receiver-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.acceptor = new Thread(this::accept, "locus-shuffle-acceptor-" + address.port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A transport on {@code 127.0.0.1} and a free port. */
  public static TcpShuffleTransport start(ShuffleConfig config) {
    return start("127.0.0.1", 0, config);
  }

  /**
   * A transport listening on {@code bindHost:port} (port 0: a free one). Its address is the bind
   * host, or this machine's address when binding to a wildcard address.
   */
  public static TcpShuffleTransport start(String bindHost, int port, ShuffleConfig config) {
    requireNonNull(bindHost, "bindHost is null");
    requireNonNull(config, "config is null");
    ServerSocketChannel server = null;
    try {
      server = ServerSocketChannel.open();
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(bindHost, port), 128);
      InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
      String host =
          bound.getAddress().isAnyLocalAddress()
              ? InetAddress.getLocalHost().getHostAddress()
              : bindHost;
      return new TcpShuffleTransport(
          new InboxRegistry(config), server, new ShuffleAddress(host, bound.getPort()));
    } catch (IOException e) {
      if (server != null) {
        try {
          server.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new LocusException(
          ErrorCode.IO_ERROR,
          "Cannot listen for shuffle connections on " + bindHost + ":" + port + ": " + e,
          e);
    }
  }

  private void accept() {
    while (!closed) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        // Closed by close(), or the listening socket broke: either way no more connections.
        return;
      }
      try {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        incoming.add(channel);
        if (closed) {
          channel.close();
          return;
        }
        receivers.execute(new TcpReceiver(channel, registry, () -> incoming.remove(channel)));
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not serve a shuffle connection at {}", address, e);
        incoming.remove(channel);
        try {
          channel.close();
        } catch (IOException suppressed) {
          LOG.debug("Closing it failed too: {}", suppressed.toString());
        }
      }
    }
  }

  @Override
  public ShuffleAddress address() {
    return address;
  }

  @Override
  public ExchangeInbox openInbox(String exchange, Schema schema, long memoryLimitBytes) {
    return registry.open(exchange, schema, memoryLimitBytes);
  }

  @Override
  public BatchOutbox openOutbox(
      ShuffleAddress target, String exchange, StreamId stream, Schema schema) {
    requireNonNull(target, "target is null");
    requireNonNull(exchange, "exchange is null");
    requireNonNull(stream, "stream is null");
    requireNonNull(schema, "schema is null");
    if (closed) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR, "Shuffle transport at " + address + " is closed");
    }
    if (target.equals(address)) {
      return new LocalOutbox(exchange, stream, schema, registry.begin(exchange, stream));
    }
    return new TcpOutbox(this, borrow(target, exchange, stream), exchange, stream, schema);
  }

  private TcpConnection borrow(ShuffleAddress target, String exchange, StreamId stream) {
    while (true) {
      TcpConnection connection;
      synchronized (idle) {
        ArrayDeque<TcpConnection> pool = idle.get(target);
        connection = pool == null ? null : pool.pollLast();
      }
      if (connection == null) {
        break;
      }
      if (connection.looksAlive()) {
        return connection;
      }
      connection.close();
    }
    try {
      return TcpConnection.open(target, CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.NODE_UNAVAILABLE,
          "Cannot connect to the shuffle server at "
              + target
              + " to send stream "
              + stream
              + " of exchange '"
              + exchange
              + "': "
              + e,
          e);
    }
  }

  /** Takes back a connection whose stream was acknowledged. */
  void release(TcpConnection connection) {
    synchronized (idle) {
      ArrayDeque<TcpConnection> pool =
          idle.computeIfAbsent(connection.target, target -> new ArrayDeque<>());
      if (!closed && pool.size() < IDLE_CONNECTIONS_PER_TARGET) {
        pool.addLast(connection);
        return;
      }
    }
    connection.close();
  }

  /**
   * Stops listening, closes idle and incoming connections (streams still arriving are dropped),
   * waits for the receiving threads, then closes every inbox.
   */
  @Override
  public void dropPending(String prefix, String reason) {
    registry.dropPending(prefix, reason);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("Closing the shuffle server socket at {} failed: {}", address, e.toString());
    }
    List<TcpConnection> pooled = new ArrayList<>();
    synchronized (idle) {
      idle.values().forEach(pooled::addAll);
      idle.clear();
    }
    pooled.forEach(TcpConnection::close);
    for (SocketChannel channel : incoming) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("Closing an incoming shuffle connection failed: {}", e.toString());
      }
    }
    receivers.shutdown();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(10));
      if (!receivers.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "Shuffle receivers at " + address + " did not stop within 10 seconds");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.close();
  }
}
