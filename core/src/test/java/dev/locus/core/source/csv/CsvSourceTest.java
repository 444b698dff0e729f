package dev.locus.core.source.csv;

import static dev.locus.core.source.SourceReads.readAll;
import static dev.locus.core.source.SourceReads.readSplit;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.source.BatchReader;
import dev.locus.core.source.SourceSplit;
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
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest {
  private final RootAllocator allocator = new RootAllocator();

  @TempDir Path directory;

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private Path write(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text, UTF_8);
    return file;
  }

  private List<List<Object>> read(CsvSource source) {
    return readAll(source, 1, allocator);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @Test
  void infersTypesFromTheHeaderAndFirstRows() throws IOException {
    Path file =
        write(
            "types.csv",
            """
            id,price,day,ts,flag,name,nothing,mixed
            1,12.5,2024-01-31,2024-01-31 08:15:00,true,apple,,1
            -2,3,2024-02-29,2024-02-29T23:59:59.123456,FALSE,"pear, green",,x
            ,-0.25,,2024-03-01 00:00,,,,2024-01-01
            """);

    CsvSource source = CsvSource.read(file);

    assertThat(source.schema())
        .isEqualTo(
            Schema.of(
                Field.nullable("id", DataType.BIGINT),
                Field.nullable("price", DataType.decimal(18, 2)),
                Field.nullable("day", DataType.DATE),
                Field.nullable("ts", DataType.TIMESTAMP),
                Field.nullable("flag", DataType.BOOLEAN),
                Field.nullable("name", DataType.VARCHAR),
                Field.nullable("nothing", DataType.VARCHAR),
                Field.nullable("mixed", DataType.VARCHAR)));
    assertThat(read(source))
        .containsExactly(
            row(
                1L,
                new BigDecimal("12.50"),
                LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 8, 15),
                true,
                "apple",
                null,
                "1"),
            row(
                -2L,
                new BigDecimal("3.00"),
                LocalDate.of(2024, 2, 29),
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000),
                false,
                "pear, green",
                null,
                "x"),
            row(
                null,
                new BigDecimal("-0.25"),
                null,
                LocalDateTime.of(2024, 3, 1, 0, 0),
                null,
                null,
                null,
                "2024-01-01"));
    assertThat(source.name()).isEqualTo("csv:" + file.toAbsolutePath());
  }

  @Test
  void infersVarcharForNumbersBeyondEighteenDigitsAndBigintForLargeIntegers() throws IOException {
    Path file =
        write(
            "wide.csv",
            "big,wide,huge\n9223372036854775807,1234567890123456.78,99999999999999999999\n");

    CsvSource source = CsvSource.read(file);

    assertThat(source.schema().fields())
        .extracting(Field::type)
        .containsExactly(DataType.BIGINT, DataType.decimal(18, 2), DataType.VARCHAR);
    assertThat(read(source))
        .containsExactly(
            row(Long.MAX_VALUE, new BigDecimal("1234567890123456.78"), "99999999999999999999"));
    Path tooWide = write("too-wide.csv", "x\n1.5\n12345678901234567.25\n");
    assertThat(CsvSource.read(tooWide).schema().type(0)).isEqualTo(DataType.VARCHAR);
  }

  @Test
  void infersFromTheFirstThousandRowsAndFailsOnALaterMismatch() throws IOException {
    StringBuilder text = new StringBuilder("n,qty\n");
    for (int i = 1; i <= 1000; i++) {
      text.append(i).append(',').append(i * 2).append('\n');
    }
    text.append("1001,abc\n");
    Path file = write("late.csv", text.toString());

    CsvSource source = CsvSource.read(file);

    assertThat(source.schema().type(1)).isEqualTo(DataType.BIGINT);
    assertMalformed(
        () -> read(source),
        "Malformed CSV row at "
            + file.toAbsolutePath()
            + ":1002: column 'qty' expects BIGINT;"
            + " found 'abc'");
  }

  @Test
  void readsWithADeclaredSchemaMatchingTheHeaderCaseInsensitively() throws IOException {
    Path file =
        write(
            "declared.csv",
            """
            ID,Amount,Ratio,Label,Code
            1,12.345,0.5,one,7
            2,-0.1,-1e3,two,
            3,1.2300,NaN,three,-8
            """);
    Schema schema =
        Schema.of(
            Field.notNull("id", DataType.INT),
            Field.nullable("amount", DataType.decimal(10, 3)),
            Field.nullable("ratio", DataType.DOUBLE),
            Field.notNull("label", DataType.VARCHAR),
            Field.nullable("code", DataType.BIGINT));

    CsvSource source = CsvSource.read(file, schema);

    assertThat(source.schema()).isEqualTo(schema);
    assertThat(read(source))
        .containsExactly(
            row(1, new BigDecimal("12.345"), 0.5, "one", 7L),
            row(2, new BigDecimal("-0.100"), -1000.0, "two", null),
            row(3, new BigDecimal("1.230"), Double.NaN, "three", -8L));
  }

  @Test
  void readsDecimalsWiderThanEighteenDigitsExactly() throws IOException {
    Path file = write("wide.csv", "v\n12345678901234567890.1234\n-0.5\n");
    Schema schema = Schema.of(Field.nullable("v", DataType.decimal(30, 4)));

    assertThat(read(CsvSource.read(file, schema)))
        .containsExactly(
            row(new BigDecimal("12345678901234567890.1234")), row(new BigDecimal("-0.5000")));
  }

  @Test
  void readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws IOException {
    Path file =
        write(
            "quoted.csv",
            "id,text,n\r\n"
                + "1,\"a, b\",10\r\n"
                + "2,\"say \"\"hi\"\"\",20\r\n"
                + "3,\"line one\nline two\r\nline three\",30\r\n"
                + "4,\"\",\r\n"
                + "5,,40\r\n"
                + "6,\"\"\"\",x\r\n");
    Schema schema =
        Schema.of(
            Field.notNull("id", DataType.BIGINT),
            Field.nullable("text", DataType.VARCHAR),
            Field.nullable("n", DataType.BIGINT));

    CsvSource source = CsvSource.read(file, schema);

    assertMalformed(
        () -> read(source),
        "Malformed CSV row at "
            + file.toAbsolutePath()
            + ":9: column 'n' expects BIGINT; found 'x'");
    assertThat(readAll(source, 1, List.of(0, 1), allocator, 100))
        .containsExactly(
            row(1L, "a, b"),
            row(2L, "say \"hi\""),
            row(3L, "line one\nline two\r\nline three"),
            row(4L, ""),
            row(5L, null),
            row(6L, "\""));
  }

  @Test
  void treatsEmptyUnquotedFieldsAsNullAndQuotedEmptyAsEmptyString() throws IOException {
    Path file = write("nulls.csv", "a,b,c\n,,\n\"\",\"\",\"\"\nx,1,2024-05-06\n");
    Schema schema =
        Schema.of(
            Field.nullable("a", DataType.VARCHAR),
            Field.nullable("b", DataType.BIGINT),
            Field.nullable("c", DataType.DATE));

    assertThat(read(CsvSource.read(file, schema)))
        .containsExactly(
            row(null, null, null), row("", null, null), row("x", 1L, LocalDate.of(2024, 5, 6)));
  }

  @Test
  void readsUtf8WithAByteOrderMarkCrlfBlankLinesAndNoFinalLineBreak() throws IOException {
    Path file = write("text.csv", "\uFEFFcity,n\r\n\r\nZürich,1\r\n日本,2\n\n\"😀 ok\",3");

    CsvSource source = CsvSource.read(file);

    assertThat(source.schema().names()).containsExactly("city", "n");
    assertThat(read(source)).containsExactly(row("Zürich", 1L), row("日本", 2L), row("😀 ok", 3L));
  }

  @Test
  void readsEveryCsvFileOfADirectoryInNameOrderOneSplitEach() throws IOException {
    write("b.csv", "id,name\n3,c\n");
    write("a.csv", "id,name\n1,a\n2,b\n");
    write("notes.txt", "not,csv\n");
    write("c.csv", "id,name\n");

    CsvSource source = CsvSource.read(directory);

    assertThat(source.files())
        .containsExactly(
            directory.resolve("a.csv"), directory.resolve("b.csv"), directory.resolve("c.csv"));
    assertThat(source.splits(8)).hasSize(3);
    assertThat(source.splits(1).get(1).describe())
        .isEqualTo("csv:" + directory.resolve("b.csv").toAbsolutePath());
    assertThat(readAll(source, 8, allocator))
        .containsExactly(row(1L, "a"), row(2L, "b"), row(3L, "c"));
  }

  @Test
  void checksTheHeaderOfEveryFileOfADirectory() throws IOException {
    write("a.csv", "id,name\n1,a\n");
    Path other = write("b.csv", "id,title\n2,b\n");

    CsvSource source = CsvSource.read(directory);

    assertMalformed(
        () -> read(source),
        "CSV header of "
            + other.toAbsolutePath()
            + " does not match the inferred schema: header has [id, title], schema has [id,"
            + " name]");
  }

  @Test
  void readsOtherDelimitersAndFilesWithoutHeader() throws IOException {
    Path file = write("plain.csv", "1;x;2024-01-02\n2;\"y;z\";\n");
    CsvOptions options = CsvOptions.DEFAULT.withDelimiter(';').withHeader(false);

    CsvSource source = CsvSource.read(file, options);

    assertThat(source.schema().names()).containsExactly("column1", "column2", "column3");
    assertThat(read(source))
        .containsExactly(row(1L, "x", LocalDate.of(2024, 1, 2)), row(2L, "y;z", null));
  }

  @Test
  void returnsBatchesOfAtMostTheBatchSizeWithTheRequestedColumns() throws IOException {
    StringBuilder text = new StringBuilder("a,b,c\n");
    List<List<Object>> expected = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      text.append(i).append(",v").append(i).append(',').append(i % 7).append('\n');
      expected.add(row(i % 7L, (long) i));
    }
    CsvSource source = CsvSource.read(write("many.csv", text.toString()));
    SourceSplit split = source.splits(1).get(0);

    List<Integer> sizes = new ArrayList<>();
    try (BatchReader reader = split.open(allocator, List.of(2, 0), 1000)) {
      for (VectorSchemaRoot batch = reader.next(); batch != null; batch = reader.next()) {
        try (VectorSchemaRoot owned = batch) {
          sizes.add(owned.getRowCount());
          assertThat(Schema.fromArrow(owned.getSchema()).names()).containsExactly("c", "a");
        }
      }
      assertThat(reader.next()).isNull();
    }

    assertThat(sizes).containsExactly(1000, 1000, 500);
    assertThat(readSplit(split, List.of(2, 0), allocator, 1000)).isEqualTo(expected);
    assertThat(source.estimatedRows()).isBetween(2400L, 2600L);
  }

  @Test
  void rejectsRowsWithTheWrongNumberOfFields() throws IOException {
    StringBuilder text = new StringBuilder("id,qty,price,name\n");
    for (int i = 0; i < 14; i++) {
      text.append(i).append(",1,2.5,n\n");
    }
    text.append("14,1,\"multi\nline\",n\n"); // lines 16 and 17
    text.append("15,1,2.5\n"); // line 18
    Path file = write("short.csv", text.toString());
    Schema schema =
        Schema.of(
            Field.nullable("id", DataType.BIGINT),
            Field.nullable("qty", DataType.BIGINT),
            Field.nullable("price", DataType.VARCHAR),
            Field.nullable("name", DataType.VARCHAR));

    assertMalformed(
        () -> read(CsvSource.read(file, schema)),
        "Malformed CSV row at " + file.toAbsolutePath() + ":18: expected 4 fields, found 3");
  }

  @Test
  void rejectsValuesThatDoNotParseAsTheColumnType() throws IOException {
    StringBuilder text = new StringBuilder("id,qty,price,day\n");
    for (int i = 0; i < 15; i++) {
      text.append(i).append(",1,2.50,2024-01-01\n");
    }
    String good = text.toString();
    Schema schema =
        Schema.of(
            Field.nullable("id", DataType.BIGINT),
            Field.nullable("qty", DataType.BIGINT),
            Field.nullable("price", DataType.decimal(18, 2)),
            Field.nullable("day", DataType.DATE));
    String at = "Malformed CSV row at " + directory.resolve("bad.csv").toAbsolutePath() + ":17: ";

    assertMalformed(
        () -> read(CsvSource.read(write("bad.csv", good + "15,abc,1,2024-01-01\n"), schema)),
        at + "column 'qty' expects BIGINT; found 'abc'");
    assertMalformed(
        () -> read(CsvSource.read(write("bad.csv", good + "15,1,1.234,2024-01-01\n"), schema)),
        at + "column 'price' expects DECIMAL(18, 2); found '1.234'");
    assertMalformed(
        () -> read(CsvSource.read(write("bad.csv", good + "15,1,1e3,2024-01-01\n"), schema)),
        at + "column 'price' expects DECIMAL(18, 2); found '1e3'");
    assertMalformed(
        () -> read(CsvSource.read(write("bad.csv", good + "15,1,1,2024-02-30\n"), schema)),
        at + "column 'day' expects DATE; found '2024-02-30'");
    assertMalformed(
        () -> read(CsvSource.read(write("bad.csv", good + "15,9223372036854775808,1,\n"), schema)),
        at + "column 'qty' expects BIGINT; found '9223372036854775808'");
  }

  @Test
  void rejectsEmptyFieldsInNotNullColumns() throws IOException {
    Path file = write("nn.csv", "id,name\n1,a\n,b\n");
    Schema schema =
        Schema.of(Field.notNull("id", DataType.BIGINT), Field.nullable("name", DataType.VARCHAR));

    assertMalformed(
        () -> read(CsvSource.read(file, schema)),
        "Malformed CSV row at "
            + file.toAbsolutePath()
            + ":3: column 'id' is NOT NULL; found an empty field");
  }

  @Test
  void rejectsUnclosedQuotesAndTextAfterAClosingQuote() throws IOException {
    Path unclosed = write("unclosed.csv", "a,b\n1,\"open\n2,x\n");
    Path trailing = write("trailing.csv", "a,b\n1,\"closed\"x\n");

    assertMalformed(
        () -> CsvSource.read(unclosed),
        "Malformed CSV row at "
            + unclosed.toAbsolutePath()
            + ":2: quoted field 2 is not closed at the end of the file");
    assertMalformed(
        () -> CsvSource.read(trailing),
        "Malformed CSV row at "
            + trailing.toAbsolutePath()
            + ":2: unexpected character 'x' after the closing quote of field 2");
  }

  @Test
  void rejectsAHeaderThatDoesNotMatchTheDeclaredSchema() throws IOException {
    Path file = write("header.csv", "id,qty\n1,2\n");
    Schema schema =
        Schema.of(
            Field.nullable("id", DataType.BIGINT), Field.nullable("quantity", DataType.BIGINT));

    assertMalformed(
        () -> CsvSource.read(file, schema),
        "CSV header of "
            + file.toAbsolutePath()
            + " does not match the declared schema: header has [id, qty], schema has [id,"
            + " quantity]");
  }

  @Test
  void rejectsInvalidUtf8() throws IOException {
    Path file = directory.resolve("latin1.csv");
    Files.write(file, new byte[] {'a', '\n', 'Z', (byte) 0xFC, 'r', '\n'});

    assertMalformed(
        () -> CsvSource.read(file),
        "Malformed CSV file "
            + file.toAbsolutePath()
            + ": bytes that are not UTF-8 at or after line 1");
  }

  @Test
  void reportsMissingPathsAndEmptyDirectories() throws IOException {
    Path missing = directory.resolve("nope.csv");
    Path empty = Files.createDirectory(directory.resolve("empty"));

    assertThatThrownBy(() -> CsvSource.read(missing))
        .isInstanceOf(LocusException.class)
        .hasMessage("CSV path " + missing.toAbsolutePath() + " does not exist")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.IO_ERROR);
    assertThatThrownBy(() -> CsvSource.read(empty))
        .isInstanceOf(LocusException.class)
        .hasMessage("CSV directory " + empty.toAbsolutePath() + " contains no *.csv files");
    Path emptyFile = write("empty.csv", "");
    assertMalformed(
        () -> CsvSource.read(emptyFile),
        "CSV file "
            + emptyFile.toAbsolutePath()
            + " is empty; expected a header line (or declare the schema)");
    assertThat(read(CsvSource.read(emptyFile, Schema.of(Field.nullable("a", DataType.INT)))))
        .isEmpty();
  }

  private static void assertMalformed(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(LocusException.class)
        .hasMessage(message)
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.MALFORMED_INPUT);
  }
}
