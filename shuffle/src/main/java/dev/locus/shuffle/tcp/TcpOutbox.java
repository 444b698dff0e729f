package dev.locus.shuffle.tcp;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.codec.BatchEncoder;
import dev.locus.shuffle.codec.EncodedBatch;
import dev.locus.shuffle.codec.FrameKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream over a TCP connection. Arrow buffers are written from the sender's vectors straight to
 * the socket; {@link #send} blocks while the socket's buffers are full (back-pressure from TCP).
 */
final class TcpOutbox implements BatchOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(TcpOutbox.class);

  private final TcpShuffleTransport transport;
  private final TcpConnection connection;
  private final String subject;
  private final BatchEncoder encoder;
  private boolean ended;

  TcpOutbox(
      TcpShuffleTransport transport,
      TcpConnection connection,
      String exchange,
      StreamId stream,
      Schema schema) {
    this.transport = requireNonNull(transport, "transport is null");
    this.connection = requireNonNull(connection, "connection is null");
    this.subject = stream + " of exchange '" + exchange + "'";
    this.encoder = new BatchEncoder(subject, schema);
    try {
      connection.out.write(WireFormat.streamHeader(exchange, stream));
      if (!encoder.objects()) {
        connection.writeFrameHeader(FrameKind.SCHEMA, encoder.schemaMessage(), 0);
      }
    } catch (IOException e) {
      ended = true;
      connection.close();
      throw lost(e);
    }
  }

  @Override
  public void send(Object batch) {
    checkOpen("send");
    try (EncodedBatch encoded = encoder.encode(batch)) {
      connection.writeFrameHeader(encoded.kind(), encoded.metadata(), encoded.bodyLength());
      encoded.writeBody(connection.out);
      connection.padBody(encoded.bodyLength());
    } catch (IOException e) {
      ended = true;
      connection.close();
      throw lost(e);
    }
  }

  @Override
  public void finish() {
    checkOpen("finish");
    ended = true;
    String refusal;
    try {
      connection.writeFrameHeader(FrameKind.END, null, 0);
      refusal = WireFormat.readAcknowledgement(connection.channel);
    } catch (IOException e) {
      connection.close();
      throw lost(e);
    }
    if (refusal != null) {
      connection.close();
      throw new LocusException(ErrorCode.NODE_UNAVAILABLE, refusal);
    }
    transport.release(connection);
  }

  @Override
  public void abort(String reason) {
    requireNonNull(reason, "reason is null");
    if (ended) {
      return;
    }
    ended = true;
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    try {
      connection.writeFrameHeader(FrameKind.ABORT, null, bytes.length);
      connection.out.write(ByteBuffer.wrap(bytes));
      connection.padBody(bytes.length);
    } catch (IOException e) {
      // The receiver drops the stream when the connection goes away, as an abort would.
      LOG.debug("Abort of {} not delivered: {}", subject, e.toString());
    } finally {
      connection.close();
    }
  }

  @Override
  public void close() {
    abort("closed without finish");
  }

  /** Closes the socket without a word, as a killed sender would (for tests). */
  void disconnectAbruptly() {
    ended = true;
    connection.close();
  }

  private void checkOpen(String operation) {
    if (ended) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot " + operation + " stream " + subject + ": it is already finished or aborted");
    }
  }

  private LocusException lost(IOException e) {
    return new LocusException(
        ErrorCode.NODE_UNAVAILABLE,
        "Lost the shuffle connection to "
            + connection.target
            + " with stream "
            + subject
            + ": "
            + e,
        e);
  }
}
