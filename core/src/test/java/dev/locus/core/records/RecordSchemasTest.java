package dev.locus.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordSchemasTest {
  record Everything(
      int i,
      Integer boxedInt,
      long l,
      Long boxedLong,
      double d,
      Double boxedDouble,
      BigDecimal money,
      @DecimalType(precision = 12, scale = 4) BigDecimal price,
      String s,
      boolean b,
      Boolean boxedBoolean,
      LocalDate date,
      LocalDateTime timestamp) {}

  record WithList(String name, List<String> tags) {}

  record BadAnnotation(@DecimalType(precision = 10, scale = 2) double amount) {}

  record Person(String name, int age) {}

  static final class NotARecord {}

  @Test
  void derivesOneColumnPerComponentInDeclarationOrder() {
    assertThat(RecordSchemas.schemaOf(Everything.class))
        .isEqualTo(
            Schema.of(
                Field.notNull("i", DataType.INT),
                Field.nullable("boxedInt", DataType.INT),
                Field.notNull("l", DataType.BIGINT),
                Field.nullable("boxedLong", DataType.BIGINT),
                Field.notNull("d", DataType.DOUBLE),
                Field.nullable("boxedDouble", DataType.DOUBLE),
                Field.nullable("money", DataType.decimal(18, 2)),
                Field.nullable("price", DataType.decimal(12, 4)),
                Field.nullable("s", DataType.VARCHAR),
                Field.notNull("b", DataType.BOOLEAN),
                Field.nullable("boxedBoolean", DataType.BOOLEAN),
                Field.nullable("date", DataType.DATE),
                Field.nullable("timestamp", DataType.TIMESTAMP)));
  }

  @Test
  void rejectsUnsupportedComponentNamingItAndTheSupportedTypes() {
    assertThatThrownBy(() -> RecordSchemas.schemaOf(WithList.class))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Record component 'tags' of WithList has type java.util.List<java.lang.String>, which"
                + " has no column type; supported: int/Integer (INT), long/Long (BIGINT),"
                + " double/Double (DOUBLE), BigDecimal (DECIMAL, DECIMAL(18, 2) unless annotated"
                + " with @DecimalType), String (VARCHAR), boolean/Boolean (BOOLEAN), LocalDate"
                + " (DATE), LocalDateTime (TIMESTAMP)")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED);
  }

  @Test
  void rejectsDecimalAnnotationOnANonDecimalComponent() {
    assertThatThrownBy(() -> RecordSchemas.schemaOf(BadAnnotation.class))
        .hasMessage(
            "@DecimalType on record component 'amount' of BadAnnotation needs a BigDecimal"
                + " component; found double");
  }

  @Test
  void rejectsClassesThatAreNotRecords() {
    assertThatThrownBy(() -> RecordSchemas.schemaOf(NotARecord.class))
        .hasMessage(
            "Rows convert only to and from Java records; "
                + NotARecord.class.getName()
                + " is not a record class");
  }

  @Test
  void resolvesAccessorsAndTheCanonicalConstructorOfANonPublicRecord() throws Throwable {
    List<RecordColumn> columns = RecordSchemas.columns(Person.class);
    Person ada = new Person("Ada", 36);
    assertThat((Object) columns.get(0).accessor().invoke(ada)).isEqualTo("Ada");
    assertThat((Object) columns.get(1).accessor().invoke(ada)).isEqualTo(36);
    MethodHandle constructor = RecordSchemas.canonicalConstructor(Person.class);
    assertThat((Object) constructor.invoke("Bob", 7)).isEqualTo(new Person("Bob", 7));
  }

  @Test
  void acceptsColumnsReadableIntoComponents() {
    Schema schema =
        Schema.of(Field.nullable("who", DataType.VARCHAR), Field.nullable("years", DataType.INT));
    RecordSchemas.checkReadable(Person.class, schema);
    record Wide(String name, Long age) {}
    RecordSchemas.checkReadable(Wide.class, schema);
  }

  @Test
  void rejectsAComponentOfAnotherTypeNamingComponentColumnAndBothTypes() {
    Schema schema =
        Schema.of(Field.nullable("name", DataType.VARCHAR), Field.nullable("age", DataType.BIGINT));
    assertThatThrownBy(() -> RecordSchemas.checkReadable(Person.class, schema))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Record component 'age' (int) of Person does not match column 'age' (BIGINT) at"
                + " position 2; a BIGINT column is read into long or Long")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void rejectsADifferentNumberOfColumns() {
    Schema schema = Schema.of(Field.nullable("name", DataType.VARCHAR));
    assertThatThrownBy(() -> RecordSchemas.checkReadable(Person.class, schema))
        .hasMessage(
            "Record Person has 2 components [name, age] but the table has 1 columns [name];"
                + " components match columns by position");
  }
}
