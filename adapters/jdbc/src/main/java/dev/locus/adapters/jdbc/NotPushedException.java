package dev.locus.adapters.jdbc;

/** Why a node cannot be pushed into a database; caught by {@link JdbcPlatform#cannotRun}. */
final class NotPushedException extends RuntimeException {
  NotPushedException(String reason) {
    super(reason, null, false, false);
  }
}
