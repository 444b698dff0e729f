package dev.locus.core.records;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The DECIMAL column type of a {@link java.math.BigDecimal} record component when a record becomes
 * a row ({@code DataSet.toTable}). Without it a {@code BigDecimal} component is {@link
 * RecordSchemas#DEFAULT_DECIMAL}. Values are written exactly: one with more decimal places than the
 * scale, or more digits than the precision, is an error, never rounded.
 *
 * <pre>{@code
 * record Trade(String symbol, @DecimalType(precision = 12, scale = 4) BigDecimal price) {}
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DecimalType {
  /** Total decimal digits, 1 to 38. */
  int precision();

  /** Digits after the point, 0 to the precision. */
  int scale();
}
