package dev.locus.adapters.jdbc;

import dev.locus.core.type.DataType;
import java.util.Locale;
import java.util.Optional;

/** The SQL dialects the {@code jdbc} platform generates: where H2 and PostgreSQL differ. */
enum Dialect {
  H2("H2"),
  POSTGRESQL("PostgreSQL");

  private final String displayName;

  Dialect(String displayName) {
    this.displayName = displayName;
  }

  /** The dialect of a JDBC URL, or empty when the platform does not generate SQL for it. */
  static Optional<Dialect> of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:")) {
      return Optional.of(H2);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRESQL);
    }
    return Optional.empty();
  }

  String displayName() {
    return displayName;
  }

  /** The type in CAST(... AS type). */
  String typeName(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case INT -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE PRECISION";
      case DECIMAL -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
      case OBJECT -> throw new IllegalArgumentException("OBJECT has no SQL type");
    };
  }

  /** {@code "name"}, quotes inside doubled (both dialects quote with double quotes). */
  String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
