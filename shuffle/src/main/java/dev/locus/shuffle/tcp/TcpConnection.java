package dev.locus.shuffle.tcp;

import dev.locus.shuffle.ShuffleAddress;
import dev.locus.shuffle.codec.FrameKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending end of a connection to a node's shuffle server; carries one stream at a time and is
 * reused for the next one after a stream was acknowledged.
 */
final class TcpConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

  private static final int HEADER_BUFFER_BYTES = 64 * 1024;

  final ShuffleAddress target;
  final SocketChannel channel;

  /** Every write goes through here so that its position (kept a multiple of 8) is the stream's. */
  final WriteChannel out;

  private final ByteBuffer header =
      ByteBuffer.allocateDirect(HEADER_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

  private TcpConnection(ShuffleAddress target, SocketChannel channel) {
    this.target = target;
    this.channel = channel;
    this.out = new WriteChannel(channel);
  }

  static TcpConnection open(ShuffleAddress target, int connectTimeoutMillis) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel
          .socket()
          .connect(new InetSocketAddress(target.host(), target.port()), connectTimeoutMillis);
      return new TcpConnection(target, channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Writes a frame header followed by {@code metadata} (a multiple of 8 bytes), in one write. */
  void writeFrameHeader(FrameKind kind, ByteBuffer metadata, long bodyLength) throws IOException {
    int metadataLength = metadata == null ? 0 : metadata.remaining();
    ByteBuffer target =
        WireFormat.FRAME_HEADER_BYTES + metadataLength <= header.capacity()
            ? header.clear()
            : ByteBuffer.allocate(WireFormat.FRAME_HEADER_BYTES + metadataLength)
                .order(ByteOrder.LITTLE_ENDIAN);
    target.putInt(kind.code()).putInt(metadataLength).putLong(bodyLength);
    if (metadata != null) {
      target.put(metadata);
    }
    target.flip();
    out.write(target);
  }

  /** Zeros after a body of {@code bodyLength} bytes, up to a multiple of 8. */
  void padBody(long bodyLength) throws IOException {
    long padding = ((bodyLength + 7) & ~7L) - bodyLength;
    if (padding > 0) {
      out.writeZeros(padding);
    }
  }

  /**
   * Whether an idle connection still looks usable: the peer has not closed it and sent nothing
   * unexpected.
   */
  boolean looksAlive() {
    if (!channel.isOpen()) {
      return false;
    }
    try {
      channel.configureBlocking(false);
      try {
        return channel.read(ByteBuffer.allocate(1)) == 0;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a socket we are abandoning: nothing left to do with it.
      LOG.debug("Closing an abandoned shuffle socket failed: {}", e.toString());
    }
  }
}
