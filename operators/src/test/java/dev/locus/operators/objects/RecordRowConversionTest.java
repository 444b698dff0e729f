package dev.locus.operators.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.batch.Batches;
import dev.locus.core.records.DecimalType;
import dev.locus.core.records.RecordSchemas;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordRowConversionTest {
  record Trade(
      int id,
      Integer quantity,
      long volume,
      Long sequence,
      double ratio,
      Double bonus,
      BigDecimal fee,
      @DecimalType(precision = 12, scale = 4) BigDecimal price,
      String symbol,
      boolean buy,
      Boolean settled,
      LocalDate day,
      LocalDateTime at) {}

  record Person(String name, int age) {
    Person {
      if (age < 0) {
        throw new IllegalArgumentException("age must not be negative");
      }
    }
  }

  record WidePerson(String name, long age) {}

  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static List<Object> trades() {
    return List.of(
        new Trade(
            1,
            10,
            1_000_000_000_000L,
            7L,
            0.5,
            1.25,
            new BigDecimal("12.5"),
            new BigDecimal("101.1234"),
            "ACME",
            true,
            false,
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 13, 45, 1, 123_456_000)),
        new Trade(2, null, -5, null, -1.0, null, null, null, null, false, null, null, null),
        new Trade(
            3,
            -3,
            0,
            0L,
            Double.NaN,
            0.0,
            new BigDecimal("-0.01"),
            BigDecimal.ZERO,
            "żółw",
            false,
            true,
            LocalDate.of(1969, 12, 31),
            LocalDateTime.of(1900, 1, 1, 0, 0)));
  }

  @Test
  void writesRecordsAsRowsAndReadsThemBack() {
    Schema schema = RecordSchemas.schemaOf(Trade.class);
    List<Object> records = trades();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try (ObjectsToRowsOperator toRows = new ObjectsToRowsOperator(Trade.class, schema, allocator)) {
      toRows.push(records, batches::add);
    }
    assertThat(batches).hasSize(1);
    VectorSchemaRoot root = batches.get(0);
    assertThat(Schema.fromArrow(root.getSchema())).isEqualTo(schema);
    List<List<Object>> rows = Batches.toRows(root);
    assertThat(rows.get(0))
        .containsExactly(
            1,
            10,
            1_000_000_000_000L,
            7L,
            0.5,
            1.25,
            new BigDecimal("12.50"),
            new BigDecimal("101.1234"),
            "ACME",
            true,
            false,
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 13, 45, 1, 123_456_000));
    assertThat(rows.get(1))
        .containsExactly(2, null, -5L, null, -1.0, null, null, null, null, false, null, null, null);

    List<Object> back = new ArrayList<>();
    try (RowsToObjectsOperator toObjects = new RowsToObjectsOperator(Trade.class)) {
      toObjects.push(root, back::addAll);
    }
    Trade first = (Trade) back.get(0);
    assertThat(first.fee()).isEqualTo(new BigDecimal("12.50"));
    assertThat(back.subList(1, 3))
        .isEqualTo(records.subList(1, 3).stream().map(t -> withFee((Trade) t)).toList());
  }

  private static Trade withFee(Trade trade) {
    BigDecimal fee = trade.fee() == null ? null : trade.fee().setScale(2);
    BigDecimal price = trade.price() == null ? null : trade.price().setScale(4);
    return new Trade(
        trade.id(),
        trade.quantity(),
        trade.volume(),
        trade.sequence(),
        trade.ratio(),
        trade.bonus(),
        fee,
        price,
        trade.symbol(),
        trade.buy(),
        trade.settled(),
        trade.day(),
        trade.at());
  }

  @Test
  void reportsADecimalThatDoesNotFitItsColumn() {
    Schema schema = RecordSchemas.schemaOf(Trade.class);
    Trade tooPrecise =
        new Trade(1, 1, 1, 1L, 1, 1.0, new BigDecimal("0.125"), null, "X", true, true, null, null);
    try (ObjectsToRowsOperator toRows = new ObjectsToRowsOperator(Trade.class, schema, allocator)) {
      assertThatThrownBy(() -> toRows.push(List.of(tooPrecise), VectorSchemaRoot::close))
          .hasMessage(
              "Value 0.125 of record component 'fee' of Trade has more than 2 decimal places of"
                  + " its column type DECIMAL(18, 2); annotate the component with"
                  + " @DecimalType(precision, scale) to change the type");
    }
  }

  @Test
  void rejectsElementsThatAreNotTheRecordClass() {
    Schema schema = RecordSchemas.schemaOf(Person.class);
    try (ObjectsToRowsOperator toRows =
        new ObjectsToRowsOperator(Person.class, schema, allocator)) {
      assertThatThrownBy(
              () -> toRows.push(Arrays.asList(new Person("a", 1), "b"), VectorSchemaRoot::close))
          .hasMessage("ObjectsToRows[Person] expects Person records; found String 'b'");
      assertThatThrownBy(() -> toRows.push(Arrays.asList((Object) null), VectorSchemaRoot::close))
          .hasMessage("ObjectsToRows[Person] expects Person records; found null");
    }
  }

  private VectorSchemaRoot people(List<List<Object>> rows, DataType ageType) {
    Schema schema =
        Schema.of(Field.nullable("name", DataType.VARCHAR), Field.nullable("age", ageType));
    return Batches.fromRows(schema, rows, allocator);
  }

  @Test
  void widensIntColumnsIntoLongComponents() {
    List<Object> back = new ArrayList<>();
    try (RowsToObjectsOperator toObjects = new RowsToObjectsOperator(WidePerson.class)) {
      toObjects.push(people(List.of(List.of("Ada", 36)), DataType.INT), back::addAll);
    }
    assertThat(back).containsExactly(new WidePerson("Ada", 36L));
  }

  @Test
  void reportsANullForAPrimitiveComponent() {
    try (RowsToObjectsOperator toObjects = new RowsToObjectsOperator(Person.class)) {
      VectorSchemaRoot root = people(List.of(Arrays.asList("Ada", null)), DataType.INT);
      assertThatThrownBy(() -> toObjects.push(root, batch -> {}))
          .hasMessage(
              "Column 'age' holds NULL, which record component 'age' (int) of Person cannot"
                  + " hold; declare the component with a boxed type");
    }
  }

  @Test
  void reportsAFailingConstructorWithTheRowValues() {
    try (RowsToObjectsOperator toObjects = new RowsToObjectsOperator(Person.class)) {
      VectorSchemaRoot root = people(List.of(List.of("Ada", -1)), DataType.INT);
      assertThatThrownBy(() -> toObjects.push(root, batch -> {}))
          .hasMessage(
              "User function in RowsToObjects failed on element '[Ada, -1]':"
                  + " IllegalArgumentException: age must not be negative");
    }
  }

  @Test
  void reportsColumnsThatDoNotMatchTheRecord() {
    try (RowsToObjectsOperator toObjects = new RowsToObjectsOperator(Person.class)) {
      VectorSchemaRoot root = people(List.of(List.of("Ada", 1L)), DataType.BIGINT);
      assertThatThrownBy(() -> toObjects.push(root, batch -> {}))
          .hasMessage(
              "Record component 'age' (int) of Person does not match column 'age' (BIGINT) at"
                  + " position 2; a BIGINT column is read into long or Long");
    }
  }
}
