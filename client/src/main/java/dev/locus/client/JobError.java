package dev.locus.client;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;

/** Why a job failed or was cancelled: the error code and message of the exception it ended with. */
public record JobError(ErrorCode code, String message) {
  public JobError {
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
  }

  /** The exception the job ended with, to throw in the client. */
  public LocusException toException() {
    return new LocusException(code, message);
  }
}
