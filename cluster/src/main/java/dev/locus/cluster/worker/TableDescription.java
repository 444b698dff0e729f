package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import java.util.List;

/**
 * A worker's answer to "describe table": the table as a {@code RemoteTableSource} encoded with
 * {@code ObjectBatchCodec}, or the error that reading it gave.
 */
public record TableDescription(
    List<String> path, byte[] table, String errorCode, String errorMessage)
    implements ClusterMessage {
  public TableDescription {
    path = List.copyOf(requireNonNull(path, "path is null"));
    if ((table == null) == (errorCode == null)) {
      throw new IllegalArgumentException("exactly one of table and errorCode must be set");
    }
  }
}
