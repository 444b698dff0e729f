package dev.locus.core.api;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

/** One result row: values by position or column name (see {@link dev.locus.core.type.DataType}). */
public record Row(Schema schema, List<Object> values) {
  public Row {
    requireNonNull(schema, "schema is null");
    values = Collections.unmodifiableList(requireNonNull(values, "values is null"));
  }

  public Object get(int index) {
    return values.get(index);
  }

  public Object get(String column) {
    return values.get(schema.indexOf(column, "Row"));
  }

  public long getLong(String column) {
    return ((Number) get(column)).longValue();
  }

  public double getDouble(String column) {
    return ((Number) get(column)).doubleValue();
  }

  public BigDecimal getDecimal(String column) {
    return (BigDecimal) get(column);
  }

  public String getString(String column) {
    return (String) get(column);
  }

  public LocalDate getDate(String column) {
    return (LocalDate) get(column);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
