package dev.locus.shuffle.codec;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;

/** What a frame of a shuffle stream carries; its code is the first field of the frame header. */
public enum FrameKind {
  /** The Arrow schema of the stream's batches (an Arrow IPC schema message), once per stream. */
  SCHEMA(1),
  /** One Arrow record batch: an Arrow IPC record-batch message's metadata and its body. */
  ARROW(2),
  /** One object batch, encoded by {@link dev.locus.core.batch.ObjectBatchCodec}. */
  OBJECTS(3),
  /** The sender finished the stream; the receiver answers with an acknowledgement. */
  END(4),
  /** The sender abandoned the stream; the body is the reason in UTF-8. */
  ABORT(5);

  private final int code;

  FrameKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static FrameKind fromCode(int code) {
    for (FrameKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    throw new LocusException(
        ErrorCode.MALFORMED_INPUT,
        "Unknown shuffle frame kind " + code + "; known: " + java.util.List.of(values()));
  }
}
