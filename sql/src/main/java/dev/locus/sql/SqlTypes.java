package dev.locus.sql;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Locus types and Calcite's. */
final class SqlTypes {
  private SqlTypes() {}

  static RelDataType toCalcite(DataType type, boolean nullable, RelDataTypeFactory factory) {
    RelDataType base =
        switch (type.kind()) {
          case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
          case INT -> factory.createSqlType(SqlTypeName.INTEGER);
          case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL ->
              factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
          case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
          case DATE -> factory.createSqlType(SqlTypeName.DATE);
          case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
          case OBJECT ->
              throw new LocusException(
                  ErrorCode.NOT_SUPPORTED,
                  "SQL cannot read a column of Java objects; map the data set to a record or"
                      + " Table first");
        };
    return factory.createTypeWithNullability(base, nullable);
  }

  static RelDataType toCalcite(Schema schema, RelDataTypeFactory factory) {
    RelDataTypeFactory.Builder builder = factory.builder();
    for (Field field : schema.fields()) {
      builder.add(field.name(), toCalcite(field.type(), field.nullable(), factory));
    }
    return builder.build();
  }

  /** The Locus type of a Calcite type; {@code where} names the place for the error message. */
  static DataType toLocus(RelDataType type, String where) {
    SqlTypeName name = type.getSqlTypeName();
    return switch (name) {
      case BOOLEAN -> DataType.BOOLEAN;
      case TINYINT, SMALLINT, INTEGER -> DataType.INT;
      case BIGINT -> DataType.BIGINT;
      case FLOAT, REAL, DOUBLE -> DataType.DOUBLE;
      case DECIMAL ->
          DataType.decimal(
              Math.min(Math.max(type.getPrecision(), 1), DataType.MAX_DECIMAL_PRECISION),
              Math.max(type.getScale(), 0));
      case CHAR, VARCHAR -> DataType.VARCHAR;
      case DATE -> DataType.DATE;
      case TIMESTAMP -> DataType.TIMESTAMP;
      case NULL -> DataType.INT;
      default ->
          throw new LocusException(
              ErrorCode.NOT_SUPPORTED,
              "SQL type " + type.getFullTypeString() + " in " + where + " is not supported");
    };
  }

  /** A Locus schema for a Calcite row type. */
  static Schema schemaOf(RelDataType rowType, String where) {
    List<Field> fields = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      fields.add(
          new Field(
              field.getName(), toLocus(field.getType(), where), field.getType().isNullable()));
    }
    return new Schema(fields);
  }
}
