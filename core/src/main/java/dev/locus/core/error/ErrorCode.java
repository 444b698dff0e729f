package dev.locus.core.error;

/** What went wrong, grouped by whose fault it is (as Trino's error codes are). */
public enum ErrorCode {
  // The user's input is wrong: they can fix it from the message.
  SYNTAX_ERROR(Kind.USER_ERROR),
  TABLE_NOT_FOUND(Kind.USER_ERROR),
  COLUMN_NOT_FOUND(Kind.USER_ERROR),
  TYPE_MISMATCH(Kind.USER_ERROR),
  INVALID_ARGUMENT(Kind.USER_ERROR),
  MALFORMED_INPUT(Kind.USER_ERROR),
  DIVISION_BY_ZERO(Kind.USER_ERROR),
  NUMERIC_OVERFLOW(Kind.USER_ERROR),
  INVALID_CAST(Kind.USER_ERROR),
  USER_FUNCTION_FAILED(Kind.USER_ERROR),
  NOT_SUPPORTED(Kind.USER_ERROR),
  JOB_NOT_FOUND(Kind.USER_ERROR),
  JOB_CANCELLED(Kind.USER_ERROR),
  UNAUTHORIZED(Kind.USER_ERROR),
  // Something outside Locus failed: a file, a database.
  SOURCE_UNAVAILABLE(Kind.EXTERNAL),
  NODE_UNAVAILABLE(Kind.EXTERNAL),
  IO_ERROR(Kind.EXTERNAL),
  // Locus ran out of something.
  OUT_OF_MEMORY(Kind.RESOURCES),
  // A bug in Locus.
  INTERNAL_ERROR(Kind.INTERNAL);

  /** Whose fault an error is. */
  public enum Kind {
    USER_ERROR,
    EXTERNAL,
    RESOURCES,
    INTERNAL
  }

  private final Kind kind;

  ErrorCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
