package dev.locus.sql;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.plan.LogicalPlan;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.tools.ValidationException;

/** Turns Calcite's validation errors into Locus errors that say what exists. */
final class SqlErrors {
  private static final Pattern OBJECT_NOT_FOUND =
      Pattern.compile("Object '([^']*)' not found(?: within '([^']*)')?");
  private static final Pattern COLUMN_NOT_FOUND =
      Pattern.compile("Column '([^']*)' not found in (?:any table|table '([^']*)')");

  private SqlErrors() {}

  static LocusException fromValidation(ValidationException e, SqlNode query, Catalog root) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LocusException locus) {
        // A catalog failed (an unreachable database): its message says it all.
        return locus;
      }
    }
    Throwable cause = e.getCause() == null ? e : e.getCause();
    String where = "";
    String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    if (cause instanceof CalciteContextException context) {
      where = " at line " + context.getPosLine() + ", column " + context.getPosColumn();
      message =
          context.getCause() != null && context.getCause().getMessage() != null
              ? context.getCause().getMessage()
              : message;
    }
    Matcher object = OBJECT_NOT_FOUND.matcher(message);
    if (object.find()) {
      String name = object.group(1);
      Catalog scope = root;
      String within = object.group(2);
      if (within != null) {
        scope = resolveSchema(root, List.of(within.split("\\."))).orElse(root);
      }
      return new LocusException(
          ErrorCode.TABLE_NOT_FOUND,
          "Table '"
              + name
              + "' not found"
              + (within == null ? "" : " in '" + within + "'")
              + where
              + "; available tables: "
              + new TreeSet<>(scope.tableNames())
              + (scope.schemaNames().isEmpty()
                  ? ""
                  : ", schemas: " + new TreeSet<>(scope.schemaNames())),
          e);
    }
    Matcher column = COLUMN_NOT_FOUND.matcher(message);
    if (column.find()) {
      return new LocusException(
          ErrorCode.COLUMN_NOT_FOUND,
          "Column '"
              + column.group(1)
              + "' not found"
              + (column.group(2) == null ? "" : " in table '" + column.group(2) + "'")
              + where
              + "; available columns: "
              + columnsOfTables(query, root),
          e);
    }
    ErrorCode code =
        message.startsWith("Cannot apply") || message.contains("type mismatch")
            ? ErrorCode.TYPE_MISMATCH
            : ErrorCode.INVALID_ARGUMENT;
    return new LocusException(code, "SQL error" + where + ": " + message, e);
  }

  /** {@code table.column} for every table the query names. */
  private static List<String> columnsOfTables(SqlNode query, Catalog root) {
    Set<String> columns = new LinkedHashSet<>();
    query.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            resolveTable(root, identifier.names)
                .ifPresent(
                    plan -> {
                      String table = identifier.names.get(identifier.names.size() - 1);
                      for (String name : plan.schema().names()) {
                        columns.add(table + "." + name);
                      }
                    });
            return null;
          }
        });
    return new ArrayList<>(columns);
  }

  private static Optional<LogicalPlan> resolveTable(Catalog root, List<String> names) {
    if (names.isEmpty()) {
      return Optional.empty();
    }
    Optional<Catalog> schema = resolveSchema(root, names.subList(0, names.size() - 1));
    if (schema.isEmpty()) {
      return Optional.empty();
    }
    String wanted = names.get(names.size() - 1);
    for (String table : schema.get().tableNames()) {
      if (table.equalsIgnoreCase(wanted)) {
        return schema.get().table(table);
      }
    }
    return Optional.empty();
  }

  private static Optional<Catalog> resolveSchema(Catalog root, List<String> path) {
    Catalog current = root;
    for (String part : path) {
      Optional<Catalog> next = Optional.empty();
      for (String name : current.schemaNames()) {
        if (name.toLowerCase(Locale.ROOT).equals(part.toLowerCase(Locale.ROOT))) {
          next = current.schema(name);
        }
      }
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
    }
    return Optional.of(current);
  }
}
