package dev.locus.adapters.flink.plugin;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.types.DataType;

/** Locus types as Flink's, and Flink's result values as Locus's Java values. */
final class FlinkTypes {
  private FlinkTypes() {}

  /** The Flink type carrying a Locus type's values (nullable; Java classes match Locus's). */
  static DataType toFlink(dev.locus.core.type.DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> DataTypes.BOOLEAN();
      case INT -> DataTypes.INT();
      case BIGINT -> DataTypes.BIGINT();
      case DOUBLE -> DataTypes.DOUBLE();
      case DECIMAL -> DataTypes.DECIMAL(type.precision(), type.scale());
      case VARCHAR -> DataTypes.STRING();
      case DATE -> DataTypes.DATE();
      case TIMESTAMP -> DataTypes.TIMESTAMP(6);
      case OBJECT ->
          throw new LocusException(
              ErrorCode.NOT_SUPPORTED, "Flink cannot carry OBJECT columns (typed DataSet rows)");
    };
  }

  /** A row type of the schema's types with column names {@code names}. */
  static DataType rowType(Schema schema, List<String> names) {
    List<DataTypes.Field> fields = new ArrayList<>(schema.size());
    for (int i = 0; i < schema.size(); i++) {
      fields.add(DataTypes.FIELD(names.get(i), toFlink(schema.type(i))));
    }
    return DataTypes.ROW(fields);
  }

  /** A value of a Flink result row as the Locus Java value of {@code type}. */
  static Object toLocus(Object value, dev.locus.core.type.DataType type) {
    if (value instanceof BigDecimal decimal && decimal.scale() != type.scale()) {
      return decimal.setScale(type.scale(), RoundingMode.HALF_UP);
    }
    return value;
  }
}
