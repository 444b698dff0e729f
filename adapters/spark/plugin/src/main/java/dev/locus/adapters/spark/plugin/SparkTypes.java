package dev.locus.adapters.spark.plugin;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Locus types as Spark SQL types. Values cross as the same Java classes on both sides (Spark runs
 * with {@code spark.sql.datetime.java8API.enabled}): DATE is a {@code LocalDate}, TIMESTAMP (no
 * time zone) a {@code LocalDateTime} of Spark's {@code TIMESTAMP_NTZ}, DECIMAL a {@code
 * BigDecimal}.
 */
final class SparkTypes {
  private SparkTypes() {}

  /** Why a Locus type has no Spark type, or empty when it has one. */
  static Optional<String> unsupported(DataType type) {
    return type.kind() == DataType.Kind.OBJECT
        ? Optional.of("OBJECT columns (typed DataSet rows) have no Spark SQL type yet")
        : Optional.empty();
  }

  static org.apache.spark.sql.types.DataType toSpark(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> DataTypes.BooleanType;
      case INT -> DataTypes.IntegerType;
      case BIGINT -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case DECIMAL -> DataTypes.createDecimalType(type.precision(), type.scale());
      case VARCHAR -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampNTZType;
      case OBJECT ->
          throw new LocusException(
              ErrorCode.NOT_SUPPORTED,
              "OBJECT columns cannot run on the spark platform; supported: "
                  + List.of(
                      "BOOLEAN",
                      "INT",
                      "BIGINT",
                      "DOUBLE",
                      "DECIMAL",
                      "VARCHAR",
                      "DATE",
                      "TIMESTAMP"));
    };
  }

  /** A Spark schema with the Locus types of {@code schema} under the given column names. */
  static StructType toSpark(Schema schema, List<String> names) {
    StructField[] fields = new StructField[schema.size()];
    for (int i = 0; i < fields.length; i++) {
      Field field = schema.field(i);
      fields[i] = DataTypes.createStructField(names.get(i), toSpark(field.type()), true);
    }
    return DataTypes.createStructType(fields);
  }
}
