package dev.locus.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's view of Locus's numeric rules while validating: decimals of up to 38 digits, and AVG of
 * a DECIMAL keeping at least 6 fractional digits, as Locus computes it. Locus derives the final
 * types of a plan itself when it binds the translated expressions.
 */
final class LocusTypeSystem extends RelDataTypeSystemImpl {
  static final LocusTypeSystem INSTANCE = new LocusTypeSystem();

  private LocusTypeSystem() {}

  /** {@code CASE WHEN .. THEN 'a' ELSE 'bcd' END} is VARCHAR, not a blank-padded CHAR(3). */
  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
      RelDataType type =
          typeFactory.createSqlType(SqlTypeName.DECIMAL, 38, Math.max(argumentType.getScale(), 6));
      return typeFactory.createTypeWithNullability(type, argumentType.isNullable());
    }
    if (SqlTypeName.INT_TYPES.contains(argumentType.getSqlTypeName())) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(typeFactory, argumentType);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
      RelDataType type =
          typeFactory.createSqlType(SqlTypeName.DECIMAL, 38, argumentType.getScale());
      return typeFactory.createTypeWithNullability(type, argumentType.isNullable());
    }
    if (SqlTypeName.INT_TYPES.contains(argumentType.getSqlTypeName())) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
    }
    return super.deriveSumType(typeFactory, argumentType);
  }
}
