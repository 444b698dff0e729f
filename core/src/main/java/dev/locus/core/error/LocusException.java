package dev.locus.core.error;

import static java.util.Objects.requireNonNull;

/** The one exception Locus throws: an {@link ErrorCode} and a message a user can act on. */
public class LocusException extends RuntimeException {
  private final ErrorCode code;

  public LocusException(ErrorCode code, String message) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
  }

  public LocusException(ErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
  }

  public ErrorCode code() {
    return code;
  }
}
