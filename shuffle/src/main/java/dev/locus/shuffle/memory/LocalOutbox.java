package dev.locus.shuffle.memory;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.shuffle.BatchOutbox;
import dev.locus.shuffle.StreamId;
import dev.locus.shuffle.codec.BatchEncoder;
import dev.locus.shuffle.codec.EncodedBatch;
import java.io.IOException;
import org.apache.arrow.vector.ipc.WriteChannel;

/**
 * A stream into an inbox of the same JVM: each batch is encoded as on the wire and copied once into
 * the inbox's memory or spill file, so the sender may reuse its batch at once and the inbox's
 * memory bound holds. Never blocks: the inbox spills instead.
 */
public final class LocalOutbox implements BatchOutbox {
  private final String subject;
  private final IncomingStream stream;
  private final BatchEncoder encoder;
  private boolean ended;

  public LocalOutbox(
      String exchange, StreamId id, dev.locus.core.type.Schema schema, IncomingStream stream) {
    requireNonNull(exchange, "exchange is null");
    requireNonNull(id, "id is null");
    this.subject = id + " of exchange '" + exchange + "'";
    this.stream = requireNonNull(stream, "stream is null");
    this.encoder = new BatchEncoder(subject, schema);
    if (!encoder.objects()) {
      stream.schema(encoder.arrowSchema());
    }
  }

  @Override
  public void send(Object batch) {
    checkOpen("send");
    // A batch that does not fit the stream fails here and leaves the stream as it was.
    try (EncodedBatch encoded = encoder.encode(batch)) {
      store(encoded);
    }
  }

  private void store(EncodedBatch encoded) {
    FrameSlot slot = stream.reserve(encoded.kind(), encoded.metadataLength(), encoded.bodyLength());
    boolean filled = false;
    try {
      WriteChannel out = new WriteChannel(slot.channel());
      out.write(encoded.metadata());
      encoded.writeBody(out);
      filled = true;
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot store a batch of stream " + subject + ": " + e, e);
    } finally {
      if (filled) {
        stream.commit(slot);
      } else {
        stream.abandon(slot);
        ended = true;
        stream.drop("was dropped: its sender could not store a batch");
      }
    }
  }

  @Override
  public void finish() {
    checkOpen("finish");
    ended = true;
    stream.complete();
  }

  @Override
  public void abort(String reason) {
    requireNonNull(reason, "reason is null");
    if (!ended) {
      ended = true;
      stream.drop("was aborted by its sender: " + reason);
    }
  }

  @Override
  public void close() {
    abort("closed without finish");
  }

  private void checkOpen(String operation) {
    if (ended) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot " + operation + " stream " + subject + ": it is already finished or aborted");
    }
  }
}
