package dev.locus.adapters.jdbc;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.Constant;
import dev.locus.core.type.DataType;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with {@code ?} placeholders and the values bound to them, in the order the placeholders
 * appear. Values never enter the text: pieces are concatenated with {@link #plus}, which keeps each
 * piece's parameters with it.
 */
record SqlText(String text, List<Constant> parameters) {
  static final SqlText EMPTY = new SqlText("", List.of());

  SqlText {
    requireNonNull(text, "text is null");
    parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
  }

  /** Text without parameters (a {@code ?} may only appear inside a quoted identifier). */
  static SqlText of(String text) {
    return new SqlText(text, List.of());
  }

  /** One parameter: {@code ?}. */
  static SqlText parameter(Constant value) {
    return new SqlText("?", List.of(value));
  }

  SqlText plus(SqlText other) {
    if (other.parameters.isEmpty()) {
      return new SqlText(text + other.text, parameters);
    }
    List<Constant> all = new ArrayList<>(parameters);
    all.addAll(other.parameters);
    return new SqlText(text + other.text, all);
  }

  SqlText plus(String other) {
    return new SqlText(text + other, parameters);
  }

  boolean hasParameters() {
    return !parameters.isEmpty();
  }

  /** The pieces joined by {@code separator}. */
  static SqlText join(String separator, List<SqlText> pieces) {
    StringBuilder text = new StringBuilder();
    List<Constant> all = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        text.append(separator);
      }
      text.append(pieces.get(i).text);
      all.addAll(pieces.get(i).parameters);
    }
    return new SqlText(text.toString(), all);
  }

  /** Binds every parameter with its type (SQL NULL as a typed NULL). */
  void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      bind(statement, i + 1, parameters.get(i));
    }
  }

  private static void bind(PreparedStatement statement, int index, Constant constant)
      throws SQLException {
    DataType type = constant.type();
    Object value = constant.value();
    if (value == null) {
      statement.setNull(index, sqlType(type));
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
      case INT -> statement.setInt(index, (Integer) value);
      case BIGINT -> statement.setLong(index, (Long) value);
      case DOUBLE -> statement.setDouble(index, (Double) value);
      case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
      case VARCHAR -> statement.setString(index, (String) value);
      case DATE -> statement.setObject(index, (LocalDate) value);
      case TIMESTAMP -> statement.setObject(index, (LocalDateTime) value);
      case OBJECT -> throw new IllegalStateException("OBJECT constants are never pushed");
    }
  }

  static int sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> Types.BOOLEAN;
      case INT -> Types.INTEGER;
      case BIGINT -> Types.BIGINT;
      case DOUBLE -> Types.DOUBLE;
      case DECIMAL -> Types.DECIMAL;
      case VARCHAR -> Types.VARCHAR;
      case DATE -> Types.DATE;
      case TIMESTAMP -> Types.TIMESTAMP;
      case OBJECT -> Types.JAVA_OBJECT;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
