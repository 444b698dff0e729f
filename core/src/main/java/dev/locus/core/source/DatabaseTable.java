package dev.locus.core.source;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A source that is one table of a database reachable over JDBC: another engine (Spark's executors)
 * can read it with its own connections instead of receiving its rows from Locus.
 */
public interface DatabaseTable {
  /** The JDBC URL as configured, with its parameters: never show it (it may hold a password). */
  String connectionUrl();

  /** The user and password to connect with, when they are not in the URL. */
  Properties connectionProperties();

  /** The table's quoted, schema-qualified name for SQL. */
  String qualifiedTableName();

  /** The column names as the database spells them, in the source's schema order. */
  List<String> columnNames();

  /**
   * An integer column to divide reads by, with its lowest and highest value; empty when the table
   * has no single-column integer key (or is empty).
   */
  Optional<KeyRange> keyRange();

  /** An integer key column (as the database spells it) and its range of values. */
  record KeyRange(String column, long lowest, long highest) {
    public KeyRange {
      requireNonNull(column, "column is null");
      if (lowest > highest) {
        throw new IllegalArgumentException(
            "Key range of " + column + " is empty: " + lowest + " > " + highest);
      }
    }
  }
}
