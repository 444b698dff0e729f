package dev.locus.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputFormatTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.notNull("id", DataType.INT),
          Field.nullable("big", DataType.BIGINT),
          Field.nullable("price", DataType.decimal(12, 2)),
          Field.nullable("ratio", DataType.DOUBLE),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("day", DataType.DATE),
          Field.nullable("at", DataType.TIMESTAMP),
          Field.nullable("ok", DataType.BOOLEAN));

  private static final List<List<Object>> ROWS =
      List.of(
          row(
              1,
              10_000_000_000L,
              new BigDecimal("123.40"),
              0.5,
              "plain",
              LocalDate.of(1998, 9, 2),
              LocalDateTime.of(1998, 9, 2, 10, 11, 12),
              true),
          row(2, null, null, null, null, null, null, null),
          row(
              3,
              -7L,
              new BigDecimal("-0.05"),
              -1e10,
              "a,b \"q\"\nline2",
              LocalDate.of(1969, 12, 31),
              LocalDateTime.of(1970, 1, 1, 0, 0, 0, 250_000_000),
              false),
          row(
              4,
              0L,
              new BigDecimal("100000000000.00"),
              3.0,
              "",
              LocalDate.of(2024, 2, 29),
              LocalDateTime.of(2024, 2, 29, 23, 59, 0, 123_456_000),
              true));

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static String write(OutputFormat format, Schema schema, List<List<Object>> rows) {
    StringWriter text = new StringWriter();
    format.write(schema, rows, new PrintWriter(text));
    return text.toString();
  }

  @Test
  void csvQuotesCommasQuotesLineBreaksAndEmptyStringsButNotNull() {
    assertThat(write(OutputFormat.CSV, SCHEMA, ROWS))
        .isEqualTo(
            """
            id,big,price,ratio,name,day,at,ok
            1,10000000000,123.40,0.5,plain,1998-09-02,1998-09-02 10:11:12,true
            2,,,,,,,
            3,-7,-0.05,-1.0E10,"a,b ""q""
            line2",1969-12-31,1970-01-01 00:00:00.25,false
            4,0,100000000000.00,3.0,"",2024-02-29,2024-02-29 23:59:00.123456,true
            """);
  }

  @Test
  void csvQuotesColumnNamesToo() {
    Schema schema =
        Schema.of(Field.nullable("a,b", DataType.INT), Field.nullable("say \"hi\"", DataType.INT));

    assertThat(write(OutputFormat.CSV, schema, List.of(row(1, null))))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\"\n1,\n");
  }

  @Test
  void tableAlignsColumnsRightAlignsNumbersAndShowsNull() {
    List<List<Object>> rows = List.of(ROWS.get(0), ROWS.get(1), ROWS.get(3));

    assertThat(write(OutputFormat.TABLE, SCHEMA, rows))
        .isEqualTo(
            String.join(
                "\n",
                " id | big         | price           | ratio | name  | day        | at        "
                    + "                 | ok  ",
                "----+-------------+-----------------+-------+-------+------------+-----------"
                    + "-----------------+------",
                "  1 | 10000000000 |          123.40 |   0.5 | plain | 1998-09-02 | 1998-09-02"
                    + " 10:11:12        | true",
                "  2 |        NULL |            NULL |  NULL | NULL  | NULL       | NULL      "
                    + "                 | NULL",
                "  4 |           0 | 100000000000.00 |   3.0 |       | 2024-02-29 | 2024-02-29"
                    + " 23:59:00.123456 | true",
                "(3 rows)",
                ""));
  }

  @Test
  void tableOfNoRowsAndOfOneRow() {
    Schema schema = Schema.of(Field.nullable("n_name", DataType.VARCHAR));

    assertThat(write(OutputFormat.TABLE, schema, List.of()))
        .isEqualTo(" n_name\n--------\n(0 rows)\n");
    assertThat(write(OutputFormat.TABLE, schema, List.of(row("CHINA"))))
        .isEqualTo(" n_name\n--------\n CHINA \n(1 row)\n");
  }

  @Test
  void jsonLinesHoldExactNumbersStringsAndNulls() throws Exception {
    String json = write(OutputFormat.JSON, SCHEMA, ROWS);

    assertThat(json)
        .isEqualTo(
            """
            {"id":1,"big":10000000000,"price":123.40,"ratio":0.5,"name":"plain",\
            "day":"1998-09-02","at":"1998-09-02 10:11:12","ok":true}
            {"id":2,"big":null,"price":null,"ratio":null,"name":null,"day":null,"at":null,\
            "ok":null}
            {"id":3,"big":-7,"price":-0.05,"ratio":-1.0E10,"name":"a,b \\"q\\"\\nline2",\
            "day":"1969-12-31","at":"1970-01-01 00:00:00.25","ok":false}
            {"id":4,"big":0,"price":100000000000.00,"ratio":3.0,"name":"","day":"2024-02-29",\
            "at":"2024-02-29 23:59:00.123456","ok":true}
            """);
    // A JSON parser reads back the same values, decimals exactly.
    ObjectMapper mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    List<String> lines = json.lines().toList();
    for (int i = 0; i < ROWS.size(); i++) {
      JsonNode node = mapper.readTree(lines.get(i));
      List<Object> expected = ROWS.get(i);
      assertThat(node.get("id").intValue()).isEqualTo(expected.get(0));
      assertThat(node.get("price").isNull() ? null : node.get("price").decimalValue())
          .isEqualTo(expected.get(2));
      assertThat(node.get("ratio").isNull() ? null : node.get("ratio").doubleValue())
          .isEqualTo(expected.get(3));
      assertThat(node.get("name").isNull() ? null : node.get("name").textValue())
          .isEqualTo(expected.get(4));
    }
  }

  @Test
  void jsonEscapesControlCharactersAndWritesNonFiniteDoublesAsStrings() {
    Schema schema =
        Schema.of(Field.nullable("s\"k", DataType.VARCHAR), Field.nullable("d", DataType.DOUBLE));

    assertThat(
            write(
                OutputFormat.JSON,
                schema,
                List.of(
                    row("tab\tback\\slash\u0001bell\u0007 é €", Double.NaN),
                    row("\r\f\b", Double.NEGATIVE_INFINITY))))
        .isEqualTo(
            "{\"s\\\"k\":\"tab\\tback\\\\slash\\u0001bell\\u0007 é €\",\"d\":\"NaN\"}\n"
                + "{\"s\\\"k\":\"\\r\\f\\b\",\"d\":\"-Infinity\"}\n");
  }

  @Test
  void valueTextKeepsDecimalScaleAndWritesIsoDatesAndTimes() {
    assertThat(ValueText.of(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(ValueText.of(new BigDecimal("0.000"))).isEqualTo("0.000");
    assertThat(ValueText.of(LocalDateTime.of(2000, 1, 1, 0, 0))).isEqualTo("2000-01-01 00:00:00");
    assertThat(ValueText.of(LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1000)))
        .isEqualTo("2000-01-01 00:00:00.000001");
    assertThat(ValueText.of(0.1)).isEqualTo("0.1");
    assertThat(ValueText.of(12L)).isEqualTo("12");
  }
}
