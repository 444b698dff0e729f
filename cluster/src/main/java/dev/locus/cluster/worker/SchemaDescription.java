package dev.locus.cluster.worker;

import static java.util.Objects.requireNonNull;

import dev.locus.cluster.ClusterMessage;
import java.util.List;
import java.util.Map;

/**
 * A worker's answer to "describe schema": the schemas nested at a path and its tables, each table a
 * {@code RemoteTableSource} encoded with {@code ObjectBatchCodec} or the error describing it gave;
 * or the error reading the schema gave.
 */
public record SchemaDescription(
    List<String> path,
    List<String> schemas,
    Map<String, byte[]> tables,
    Map<String, String> tableErrorCodes,
    Map<String, String> tableErrorMessages,
    String errorCode,
    String errorMessage)
    implements ClusterMessage {
  public SchemaDescription {
    path = List.copyOf(requireNonNull(path, "path is null"));
    schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
    tables = Map.copyOf(requireNonNull(tables, "tables is null"));
    tableErrorCodes = Map.copyOf(requireNonNull(tableErrorCodes, "tableErrorCodes is null"));
    tableErrorMessages =
        Map.copyOf(requireNonNull(tableErrorMessages, "tableErrorMessages is null"));
  }
}
