package dev.locus.core.sink.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.sink.SinkTarget;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Writes rows to one CSV file: a header line, then the rows of partition 0, 1, ... in order. Values
 * are written as {@link dev.locus.core.source.csv.CsvSource} reads them: RFC 4180 quoting where
 * needed, decimals in plain notation at their scale ({@code 123.40}), ISO dates, timestamps as
 * {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, NULL as an empty field and the empty string as {@code ""}.
 *
 * <p>Each partition writes a part file in a hidden directory next to the target; {@link #commit}
 * concatenates them into the target (replacing it atomically where the file system allows) and
 * removes the directory.
 */
public final class CsvSink implements SinkTarget {
  private final Path file;
  private Path partsDirectory;
  private Schema schema;

  private CsvSink(Path file) {
    this.file = file;
  }

  /** A sink writing (or replacing) one CSV file. */
  public static CsvSink toFile(Path file) {
    requireNonNull(file, "file is null");
    Path target = file.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "CSV sink target " + target + " is a directory; expected a file");
    }
    return new CsvSink(target);
  }

  public Path file() {
    return file;
  }

  @Override
  public String name() {
    return "csv:" + file;
  }

  @Override
  public Writer open(Schema schema, int partition, int partitionCount) {
    requireNonNull(schema, "schema is null");
    if (partition < 0 || partition >= partitionCount) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Partition must be in [0, " + partitionCount + "); found " + partition);
    }
    for (int i = 0; i < schema.size(); i++) {
      if (schema.type(i).kind() == DataType.Kind.OBJECT) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED,
            "CSV sink "
                + file
                + " cannot write column '"
                + schema.field(i).name()
                + "' of type OBJECT; map objects to rows first");
      }
    }
    Path part = partFile(schema, partition);
    try {
      return new CsvWriter(Files.newOutputStream(part), part, schema);
    } catch (IOException e) {
      throw ioError("Cannot create CSV part file " + part, e);
    }
  }

  private synchronized Path partFile(Schema partitionSchema, int partition) {
    if (schema == null) {
      schema = partitionSchema;
    } else if (!schema.names().equals(partitionSchema.names())) {
      throw new LocusException(
          ErrorCode.INTERNAL_ERROR,
          "CSV sink "
              + file
              + " got partitions of different schemas: "
              + schema
              + " and "
              + partitionSchema);
    }
    try {
      if (partsDirectory == null) {
        Files.createDirectories(file.getParent());
        partsDirectory =
            Files.createTempDirectory(file.getParent(), "." + file.getFileName() + ".parts-");
      }
    } catch (IOException e) {
      throw ioError("Cannot create a directory for CSV part files next to " + file, e);
    }
    return partsDirectory.resolve(String.format("part-%05d.csv", partition));
  }

  @Override
  public synchronized void commit(int partitionCount) {
    if (partsDirectory == null) {
      if (partitionCount > 0) {
        throw new LocusException(
            ErrorCode.INTERNAL_ERROR,
            "CSV sink "
                + file
                + " was committed with "
                + partitionCount
                + " partitions but none was opened");
      }
      try {
        Files.write(file, new byte[0]);
      } catch (IOException e) {
        throw ioError("Cannot write CSV file " + file, e);
      }
      return;
    }
    Path result = partsDirectory.resolve("result.csv");
    try {
      try (OutputStream out = Files.newOutputStream(result)) {
        CsvWriter.writeHeader(out, schema);
        for (int partition = 0; partition < partitionCount; partition++) {
          Path part = partsDirectory.resolve(String.format("part-%05d.csv", partition));
          if (!Files.exists(part)) {
            throw new LocusException(
                ErrorCode.INTERNAL_ERROR,
                "CSV sink "
                    + file
                    + " is missing the part file of partition "
                    + partition
                    + " of "
                    + partitionCount);
          }
          Files.copy(part, out);
        }
      }
      try {
        Files.move(
            result, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(result, file, StandardCopyOption.REPLACE_EXISTING);
      }
      deleteParts();
    } catch (IOException e) {
      throw ioError("Cannot write CSV file " + file, e);
    }
  }

  private void deleteParts() throws IOException {
    try (Stream<Path> parts = Files.list(partsDirectory)) {
      for (Path part : parts.toList()) {
        Files.delete(part);
      }
    }
    Files.delete(partsDirectory);
    partsDirectory = null;
    schema = null;
  }

  static LocusException ioError(String what, IOException e) {
    return new LocusException(ErrorCode.IO_ERROR, what + ": " + e, e);
  }

  @Override
  public String toString() {
    return name();
  }
}
