package dev.locus.core.sink.csv;

import static dev.locus.core.source.SourceReads.readAll;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.error.LocusException;
import dev.locus.core.sink.SinkTarget;
import dev.locus.core.source.csv.CsvSource;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSinkTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.notNull("id", DataType.BIGINT),
          Field.nullable("n", DataType.INT),
          Field.nullable("amount", DataType.decimal(15, 2)),
          Field.nullable("ratio", DataType.DOUBLE),
          Field.nullable("note", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.nullable("at", DataType.TIMESTAMP),
          Field.nullable("ok", DataType.BOOLEAN),
          Field.nullable("big", DataType.decimal(38, 4)));

  private final RootAllocator allocator = new RootAllocator();

  @TempDir Path directory;

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private void writePartition(
      CsvSink sink, int partition, int count, List<List<List<Object>>> batches) {
    try (SinkTarget.Writer writer = sink.open(SCHEMA, partition, count)) {
      for (List<List<Object>> rows : batches) {
        try (VectorSchemaRoot batch = Batches.fromRows(SCHEMA, rows, allocator)) {
          writer.write(batch);
        }
      }
    }
  }

  @Test
  void writesRowsThatCsvSourceReadsBackUnchanged() {
    List<List<Object>> first =
        List.of(
            row(
                1L,
                7,
                new BigDecimal("123.40"),
                0.1,
                "plain",
                LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 12, 34, 56, 1_000),
                true,
                new BigDecimal("12345678901234567890123456789012.3456")),
            row(2L, null, null, null, null, null, null, null, null),
            row(
                3L,
                -5,
                new BigDecimal("-0.05"),
                -1.5e300,
                "comma, \"quote\"\nnew line\r\nend",
                LocalDate.of(1969, 12, 31),
                LocalDateTime.of(1960, 6, 1, 0, 0),
                false,
                new BigDecimal("-0.0001")));
    List<List<Object>> second =
        List.of(
            row(4L, Integer.MIN_VALUE, new BigDecimal("0.00"), 0.0, "", null, null, null, null),
            row(
                Long.MIN_VALUE,
                Integer.MAX_VALUE,
                new BigDecimal("9999999999999.99"),
                Double.NaN,
                "Zürich 日本 😀",
                LocalDate.of(9999, 12, 31),
                LocalDateTime.of(2000, 2, 29, 23, 59, 59, 999_999_000),
                true,
                new BigDecimal("1.0000")));
    List<List<Object>> third =
        List.of(row(Long.MAX_VALUE, 0, null, 1.0, " ", null, null, true, null));
    Path file = directory.resolve("out.csv");
    CsvSink sink = CsvSink.toFile(file);

    // partitions finish in any order; partition 1 is empty
    writePartition(sink, 2, 3, List.of(third));
    writePartition(sink, 1, 3, List.of());
    writePartition(sink, 0, 3, List.of(first, second));
    sink.commit(3);

    List<List<Object>> expected = new ArrayList<>(first);
    expected.addAll(second);
    expected.addAll(third);
    assertThat(readAll(CsvSource.read(file, SCHEMA), 1, allocator)).isEqualTo(expected);
    assertThat(sink.name()).isEqualTo("csv:" + file.toAbsolutePath());
  }

  @Test
  void writesTheDocumentedTextAndRemovesThePartFiles() throws IOException {
    Schema schema =
        Schema.of(
            Field.notNull("id", DataType.BIGINT),
            Field.nullable("amount", DataType.decimal(15, 2)),
            Field.nullable("day", DataType.DATE),
            Field.nullable("at", DataType.TIMESTAMP),
            Field.nullable("note, \"quoted\"", DataType.VARCHAR));
    Path file = directory.resolve("text.csv");
    Files.writeString(file, "old contents\n");
    CsvSink sink = CsvSink.toFile(file);

    for (int partition = 0; partition < 2; partition++) {
      try (SinkTarget.Writer writer = sink.open(schema, partition, 2);
          VectorSchemaRoot batch =
              Batches.fromRows(
                  schema,
                  List.of(
                      row(
                          partition + 1L,
                          new BigDecimal("123.4"),
                          LocalDate.of(2024, 3, 5),
                          LocalDateTime.of(2024, 3, 5, 7, 8, 9, 120_000_000 * partition),
                          partition == 0 ? "a,b" : ""),
                      row(partition + 10L, null, null, null, null)),
                  allocator)) {
        writer.write(batch);
      }
    }
    sink.commit(2);

    assertThat(Files.readString(file, UTF_8))
        .isEqualTo(
            """
            id,amount,day,at,"note, ""quoted\"\"\"
            1,123.40,2024-03-05,2024-03-05 07:08:09,"a,b"
            10,,,,
            2,123.40,2024-03-05,2024-03-05 07:08:09.120000,""
            11,,,,
            """);
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files.toList()).containsExactly(file);
    }
  }

  @Test
  void roundTripsThroughSchemaInference() {
    Schema schema =
        Schema.of(
            Field.nullable("id", DataType.BIGINT),
            Field.nullable("amount", DataType.decimal(15, 2)),
            Field.nullable("day", DataType.DATE),
            Field.nullable("at", DataType.TIMESTAMP),
            Field.nullable("ok", DataType.BOOLEAN),
            Field.nullable("note", DataType.VARCHAR));
    List<List<Object>> rows =
        List.of(
            row(
                1L,
                new BigDecimal("10.00"),
                LocalDate.of(2020, 1, 1),
                LocalDateTime.of(2020, 1, 1, 1, 1, 1, 1000),
                true,
                "x"),
            row(
                2L,
                new BigDecimal("-3.25"),
                null,
                LocalDateTime.of(2020, 1, 2, 0, 0),
                false,
                null));
    Path file = directory.resolve("inferred.csv");
    CsvSink sink = CsvSink.toFile(file);
    try (SinkTarget.Writer writer = sink.open(schema, 0, 1);
        VectorSchemaRoot batch = Batches.fromRows(schema, rows, allocator)) {
      writer.write(batch);
    }
    sink.commit(1);

    CsvSource source = CsvSource.read(file);

    assertThat(source.schema().fields())
        .extracting(Field::type)
        .containsExactly(
            DataType.BIGINT,
            DataType.decimal(18, 2),
            DataType.DATE,
            DataType.TIMESTAMP,
            DataType.BOOLEAN,
            DataType.VARCHAR);
    assertThat(readAll(source, 1, allocator)).isEqualTo(rows);
  }

  @Test
  void refusesToCommitWithAMissingPartition() {
    Path file = directory.resolve("missing.csv");
    CsvSink sink = CsvSink.toFile(file);
    writePartition(sink, 0, 2, List.of());

    assertThatThrownBy(() -> sink.commit(2))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "CSV sink " + file.toAbsolutePath() + " is missing the part file of partition 1 of 2");
    assertThat(file).doesNotExist();
  }
}
