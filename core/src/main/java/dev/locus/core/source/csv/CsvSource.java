package dev.locus.core.source.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.Source;
import dev.locus.core.source.SourceSplit;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rows of CSV files: one file, or every {@code *.csv} file of a directory (sorted by name), one
 * split per file. The schema is declared, or inferred from the header and the first {@value
 * #INFERENCE_ROWS} data rows of the first file:
 *
 * <ul>
 *   <li>all values integers: BIGINT;
 *   <li>all plain decimals (or integers) of at most 18 digits: DECIMAL(18, the most decimal places
 *       seen);
 *   <li>all ISO dates {@code yyyy-MM-dd}: DATE;
 *   <li>all ISO timestamps {@code yyyy-MM-dd[T ]HH:mm[:ss[.ffffff]]}: TIMESTAMP;
 *   <li>all {@code true}/{@code false}: BOOLEAN;
 *   <li>anything else, or no values at all: VARCHAR.
 * </ul>
 *
 * Inferred columns are nullable. An empty unquoted field is NULL; {@code ""} is an empty VARCHAR
 * (and NULL for other types). A value that does not parse as its column's type, a decimal with more
 * places than the column's scale, or a row with the wrong number of fields fails the read with an
 * error naming the file and physical line.
 */
public final class CsvSource implements Source {
  /** Data rows of the first file that inference looks at. */
  public static final int INFERENCE_ROWS = 1000;

  private static final int ESTIMATE_SAMPLE_BYTES = 64 * 1024;

  private final Path path;
  private final List<Path> files;
  private final Schema schema;
  private final boolean declared;
  private final CsvOptions options;
  private volatile long estimatedRows = Long.MIN_VALUE;

  private CsvSource(
      Path path, List<Path> files, Schema schema, boolean declared, CsvOptions options) {
    this.path = path;
    this.files = List.copyOf(files);
    this.schema = schema;
    this.declared = declared;
    this.options = options;
  }

  /** A file or directory with a header line, with an inferred schema. */
  public static CsvSource read(Path fileOrDirectory) {
    return read(fileOrDirectory, CsvOptions.DEFAULT);
  }

  /** A file or directory with an inferred schema. */
  public static CsvSource read(Path fileOrDirectory, CsvOptions options) {
    requireNonNull(fileOrDirectory, "fileOrDirectory is null");
    requireNonNull(options, "options is null");
    Path path = fileOrDirectory.toAbsolutePath().normalize();
    List<Path> files = listFiles(path);
    Schema schema = CsvSchemaInference.infer(files.get(0), options, INFERENCE_ROWS);
    return new CsvSource(path, files, schema, false, options);
  }

  /**
   * A file or directory with a header line whose names match the declared schema's names
   * (case-insensitively).
   */
  public static CsvSource read(Path fileOrDirectory, Schema declaredSchema) {
    return read(fileOrDirectory, declaredSchema, CsvOptions.DEFAULT);
  }

  /**
   * A file or directory read with a declared schema; with a header line, its names must match the
   * schema's names (case-insensitively), without one the fields are taken in schema order.
   */
  public static CsvSource read(Path fileOrDirectory, Schema declaredSchema, CsvOptions options) {
    requireNonNull(fileOrDirectory, "fileOrDirectory is null");
    requireNonNull(declaredSchema, "declaredSchema is null");
    requireNonNull(options, "options is null");
    if (declaredSchema.size() == 0) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "A CSV schema needs at least one column; found none");
    }
    for (Field field : declaredSchema.fields()) {
      if (field.type().kind() == DataType.Kind.OBJECT) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT,
            "CSV column '"
                + field.name()
                + "' has type OBJECT; CSV columns are BOOLEAN, INT, BIGINT, DOUBLE, DECIMAL,"
                + " VARCHAR, DATE or TIMESTAMP");
      }
    }
    Path path = fileOrDirectory.toAbsolutePath().normalize();
    List<Path> files = listFiles(path);
    CsvSource source = new CsvSource(path, files, declaredSchema, true, options);
    if (options.header()) {
      try (CsvTokenizer tokenizer = open(files.get(0), options)) {
        source.checkHeader(tokenizer);
      }
    }
    return source;
  }

  /** The files read, one split each, in order. */
  public List<Path> files() {
    return files;
  }

  public CsvOptions options() {
    return options;
  }

  @Override
  public String name() {
    return "csv:" + path;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** Total file size divided by the average line length of the first file's first 64 KB. */
  @Override
  public long estimatedRows() {
    long estimate = estimatedRows;
    if (estimate == Long.MIN_VALUE) {
      estimate = estimateRows();
      estimatedRows = estimate;
    }
    return estimate;
  }

  private long estimateRows() {
    try {
      long totalBytes = 0;
      for (Path file : files) {
        totalBytes += Files.size(file);
      }
      byte[] sample;
      try (InputStream in = Files.newInputStream(files.get(0))) {
        sample = in.readNBytes(ESTIMATE_SAMPLE_BYTES);
      }
      if (sample.length == 0) {
        return 0;
      }
      long lines = 0;
      for (byte b : sample) {
        if (b == '\n') {
          lines++;
        }
      }
      if (sample.length < ESTIMATE_SAMPLE_BYTES && sample[sample.length - 1] != '\n') {
        lines++; // a last line without a line break
      }
      long rows = Math.round((double) totalBytes * Math.max(lines, 1) / sample.length);
      return Math.max(0, rows - (options.header() ? files.size() : 0));
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public List<SourceSplit> splits(int parallelism) {
    if (parallelism < 1) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "Parallelism must be at least 1; found " + parallelism);
    }
    List<SourceSplit> splits = new ArrayList<>(files.size());
    for (Path file : files) {
      splits.add(new CsvSplit(file));
    }
    return List.copyOf(splits);
  }

  @Override
  public String toString() {
    return name();
  }

  /** Reads the header line of a file and checks it against the schema. */
  private void checkHeader(CsvTokenizer tokenizer) {
    if (!tokenizer.next()) {
      return; // an empty file: no rows
    }
    List<String> header = new ArrayList<>(tokenizer.fieldCount());
    for (int i = 0; i < tokenizer.fieldCount(); i++) {
      header.add(tokenizer.field(i));
    }
    List<String> names = schema.names();
    boolean matches = header.size() == names.size();
    for (int i = 0; matches && i < names.size(); i++) {
      matches = CsvSchemaInference.columnName(header.get(i), i).equalsIgnoreCase(names.get(i));
    }
    if (!matches) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "CSV header of "
              + tokenizer.file()
              + " does not match the "
              + (declared ? "declared" : "inferred")
              + " schema: header has "
              + header
              + ", schema has "
              + names);
    }
  }

  static CsvTokenizer open(Path file, CsvOptions options) {
    CharsetDecoder decoder =
        options
            .charset()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return new CsvTokenizer(
          new InputStreamReader(Files.newInputStream(file), decoder), file.toString(), options);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot open CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> listFiles(Path path) {
    if (!Files.exists(path)) {
      throw new LocusException(ErrorCode.IO_ERROR, "CSV path " + path + " does not exist");
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files;
    try (Stream<Path> entries = Files.list(path)) {
      files =
          entries
              .filter(Files::isRegularFile)
              .filter(
                  file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
              .sorted(Comparator.comparing(file -> file.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot list CSV directory " + path + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT, "CSV directory " + path + " contains no *.csv files");
    }
    return files;
  }

  /** One whole file. */
  private final class CsvSplit implements SourceSplit {
    private final Path file;

    CsvSplit(Path file) {
      this.file = file;
    }

    @Override
    public BatchReader open(BufferAllocator allocator, List<Integer> columns, int batchSize) {
      requireNonNull(allocator, "allocator is null");
      requireNonNull(columns, "columns is null");
      if (batchSize < 1) {
        throw new LocusException(
            ErrorCode.INVALID_ARGUMENT, "Batch size must be at least 1; found " + batchSize);
      }
      int[] indices = new int[columns.size()];
      for (int i = 0; i < indices.length; i++) {
        int column = columns.get(i);
        if (column < 0 || column >= schema.size()) {
          throw new LocusException(
              ErrorCode.INVALID_ARGUMENT,
              "Column index for "
                  + name()
                  + " must be in [0, "
                  + schema.size()
                  + "); found "
                  + column);
        }
        indices[i] = column;
      }
      CsvTokenizer tokenizer = CsvSource.open(file, options);
      try {
        if (options.header()) {
          checkHeader(tokenizer);
        }
        return new CsvBatchReader(tokenizer, schema, indices, allocator, batchSize);
      } catch (RuntimeException e) {
        tokenizer.close();
        throw e;
      }
    }

    @Override
    public String describe() {
      return "csv:" + file;
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
