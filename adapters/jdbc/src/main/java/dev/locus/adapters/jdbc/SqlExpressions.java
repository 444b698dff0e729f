package dev.locus.adapters.jdbc;

import dev.locus.core.expr.Constant;
import dev.locus.core.expr.ExpressionFormatter;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the database evaluates an expression exactly as Locus does ({@link #check}) and
 * writes it as SQL of a dialect ({@link #render}). The rules are listed on {@link JdbcPlatform}.
 */
final class SqlExpressions {
  private final Dialect dialect;
  private final String databaseName;

  /** Whether the database's default collation orders text by code point. */
  private final boolean binaryDefault;

  SqlExpressions(Dialect dialect, String databaseName, boolean binaryDefault) {
    this.dialect = dialect;
    this.databaseName = databaseName;
    this.binaryDefault = binaryDefault;
  }

  // ---------------------------------------------------------------------------------------------
  // Checking

  /**
   * The traits of the expression's value over input columns of {@code columns}, or a {@link
   * NotPushedException} naming {@code node} and what blocks it.
   */
  ColumnTraits check(
      RowExpression expression, Schema schema, List<ColumnTraits> columns, String node) {
    if (expression instanceof InputRef ref) {
      return columns.get(ref.index());
    }
    if (expression instanceof Constant constant) {
      if (constant.type().kind() == Kind.OBJECT) {
        throw blocked(node, expression, schema, "OBJECT values live only in Locus");
      }
      return ColumnTraits.computed(binaryDefault);
    }
    FunctionCall call = (FunctionCall) expression;
    boolean binary = binaryDefault;
    for (RowExpression argument : call.arguments()) {
      ColumnTraits traits = check(argument, schema, columns, node);
      binary &= traits.binaryOrder();
      if (traits.padded()
          && call.function() != ScalarFunction.IS_NULL
          && call.function() != ScalarFunction.IS_NOT_NULL) {
        throw blocked(
            node,
            expression,
            schema,
            "a CHAR(n) column's trailing spaces are ignored by "
                + dialect.displayName()
                + " and kept by Locus");
      }
    }
    checkCall(call, schema, node, binary);
    return ColumnTraits.computed(binary);
  }

  private void checkCall(FunctionCall call, Schema schema, String node, boolean binary) {
    List<RowExpression> arguments = call.arguments();
    DataType type = call.type();
    switch (call.function()) {
      case ADD, SUBTRACT, MULTIPLY -> {
        for (RowExpression argument : arguments) {
          Kind kind = argument.type().kind();
          boolean ok =
              type.kind() == Kind.DOUBLE
                  ? kind == Kind.DOUBLE || kind == Kind.INT || kind == Kind.BIGINT
                  : type.isDecimal()
                      ? kind == Kind.DECIMAL || kind == Kind.INT || kind == Kind.BIGINT
                      : kind == Kind.INT || kind == Kind.BIGINT;
          if (!ok) {
            throw blocked(
                node,
                call,
                schema,
                "converting " + argument.type() + " to " + type + " rounds differently");
          }
        }
      }
      case DIVIDE -> {
        if (type.isDecimal() || arguments.stream().anyMatch(a -> a.type().isDecimal())) {
          throw blocked(
              node,
              call,
              schema,
              "Locus rounds a DECIMAL quotient half-up to the scale "
                  + (type.isDecimal() ? type.scale() : 0)
                  + ", "
                  + dialect.displayName()
                  + " picks its own scale");
        }
        requireKinds(call, schema, node, Kind.INT, Kind.BIGINT, Kind.DOUBLE);
      }
      case MODULO -> requireKinds(call, schema, node, Kind.INT, Kind.BIGINT);
      case NEGATE, ABS ->
          requireKinds(call, schema, node, Kind.INT, Kind.BIGINT, Kind.DOUBLE, Kind.DECIMAL);
      case EQUAL, NOT_EQUAL, IN -> comparable(call, schema, node);
      case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        comparable(call, schema, node);
        if (arguments.get(0).type().kind() == Kind.VARCHAR && !binary) {
          throw collated(node, call, schema);
        }
      }
      case AND, OR, NOT, IS_NULL, IS_NOT_NULL, CASE, COALESCE, TRIM, CONCAT -> {
        for (RowExpression argument : arguments) {
          if (call.function() == ScalarFunction.CONCAT) {
            checkCast(argument.type(), DataType.VARCHAR, call, schema, node);
          }
        }
        if (call.function() == ScalarFunction.CASE || call.function() == ScalarFunction.COALESCE) {
          for (int i = 0; i < arguments.size(); i++) {
            boolean value =
                call.function() == ScalarFunction.COALESCE
                    || i % 2 == 1
                    || i == arguments.size() - 1;
            if (value) {
              checkCast(arguments.get(i).type(), type, call, schema, node);
            }
          }
        }
      }
      case LIKE -> {
        if (!(arguments.get(1) instanceof Constant pattern)
            || pattern.type().kind() != Kind.VARCHAR) {
          throw blocked(node, call, schema, "the pattern is not a VARCHAR constant");
        }
        if (pattern.value() != null && ((String) pattern.value()).indexOf('\\') >= 0) {
          throw blocked(
              node,
              call,
              schema,
              dialect.displayName() + " reads a backslash in a LIKE pattern as an escape");
        }
        checkCast(arguments.get(0).type(), DataType.VARCHAR, call, schema, node);
      }
      case CAST -> checkCast(arguments.get(0).type(), type, call, schema, node);
      case SUBSTRING -> {
        if (dialect == Dialect.H2) {
          boolean startOk =
              arguments.get(1) instanceof Constant start
                  && start.value() instanceof Integer s
                  && s >= 1;
          boolean lengthOk =
              arguments.size() < 3
                  || (arguments.get(2) instanceof Constant length
                      && length.value() instanceof Integer l
                      && l >= 0);
          if (!startOk || !lengthOk) {
            throw blocked(
                node,
                call,
                schema,
                "H2 counts a start before 1 differently; only constant starts >= 1 and"
                    + " lengths >= 0 are pushed");
          }
        }
        for (RowExpression argument : arguments.subList(1, arguments.size())) {
          if (argument.type().kind() != Kind.INT) {
            throw blocked(node, call, schema, "start and length must be INT");
          }
        }
      }
      case UPPER, LOWER -> {
        if (dialect == Dialect.POSTGRESQL) {
          throw blocked(
              node,
              call,
              schema,
              "PostgreSQL maps case by the database's locale, Locus by Unicode's root locale");
        }
      }
      case LENGTH -> {
        if (dialect == Dialect.H2) {
          throw blocked(
              node, call, schema, "H2 counts UTF-16 code units, Locus counts code points");
        }
      }
      case EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY, ADD_DAYS, ADD_MONTHS -> {
        Kind kind = arguments.get(0).type().kind();
        if (kind != Kind.DATE && kind != Kind.TIMESTAMP) {
          throw blocked(node, call, schema, "it needs a DATE or TIMESTAMP");
        }
        if (arguments.size() > 1 && arguments.get(1).type().kind() != Kind.INT) {
          throw blocked(node, call, schema, "the amount must be INT");
        }
      }
      case BETWEEN, SINGLE_VALUE ->
          throw blocked(node, call, schema, "the database has no such function");
    }
  }

  private void requireKinds(FunctionCall call, Schema schema, String node, Kind... kinds) {
    for (RowExpression argument : call.arguments()) {
      boolean ok = false;
      for (Kind kind : kinds) {
        ok |= argument.type().kind() == kind;
      }
      if (!ok) {
        throw blocked(
            node,
            call,
            schema,
            "it is pushed only over " + List.of(kinds) + "; found " + argument.type());
      }
    }
  }

  /** Arguments the database compares as Locus does: one kind, or numbers without DOUBLE/DECIMAL. */
  private void comparable(FunctionCall call, Schema schema, String node) {
    comparableTypes(
        call.arguments().stream().map(RowExpression::type).toList(),
        () -> {
          return blocked(
              node,
              call,
              schema,
              "comparing "
                  + call.arguments().stream().map(RowExpression::type).distinct().toList()
                  + " converts differently");
        });
  }

  static void comparableTypes(
      List<DataType> types, java.util.function.Supplier<NotPushedException> failure) {
    boolean anyDouble = false;
    boolean anyDecimal = false;
    boolean allNumeric = true;
    boolean allTemporal = true;
    Kind first = types.get(0).kind();
    boolean same = true;
    for (DataType type : types) {
      anyDouble |= type.kind() == Kind.DOUBLE;
      anyDecimal |= type.isDecimal();
      allNumeric &= type.isNumeric();
      allTemporal &= type.kind() == Kind.DATE || type.kind() == Kind.TIMESTAMP;
      same &= type.kind() == first;
    }
    if (first == Kind.OBJECT) {
      throw failure.get();
    }
    if (same || allTemporal || (allNumeric && !(anyDouble && anyDecimal))) {
      return;
    }
    throw failure.get();
  }

  /** The casts the database performs exactly as Locus's CAST. */
  private void checkCast(
      DataType from, DataType to, FunctionCall call, Schema schema, String node) {
    if (!castIsExact(from, to)) {
      throw blocked(
          node,
          call,
          schema,
          "CAST from "
              + from
              + " to "
              + to
              + " may convert differently in "
              + dialect.displayName()
              + "; pushed casts: between INT, BIGINT and DECIMAL, from INT or BIGINT to DOUBLE"
              + " or VARCHAR, between DATE and TIMESTAMP");
    }
  }

  static boolean castIsExact(DataType from, DataType to) {
    Kind f = from.kind();
    Kind t = to.kind();
    if (f == t) {
      return f != Kind.OBJECT;
    }
    boolean fromExactNumber = f == Kind.INT || f == Kind.BIGINT || f == Kind.DECIMAL;
    boolean fromInteger = f == Kind.INT || f == Kind.BIGINT;
    return switch (t) {
      case INT, BIGINT, DECIMAL -> fromExactNumber;
      case DOUBLE, VARCHAR -> fromInteger;
      case DATE -> f == Kind.TIMESTAMP;
      case TIMESTAMP -> f == Kind.DATE;
      default -> false;
    };
  }

  NotPushedException collated(String node, RowExpression expression, Schema schema) {
    return blocked(
        node,
        expression,
        schema,
        "ordering VARCHAR values follows the collation of "
            + databaseName
            + ", which is not binary (C or POSIX)");
  }

  private NotPushedException blocked(
      String node, RowExpression expression, Schema schema, String why) {
    return new NotPushedException(
        node
            + " "
            + ExpressionFormatter.format(expression, schema)
            + " is not pushed to "
            + dialect.displayName()
            + ": "
            + why);
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  /** The expression as SQL over input columns written as {@code columns}. */
  SqlText render(RowExpression expression, List<SqlText> columns) {
    if (expression instanceof InputRef ref) {
      return columns.get(ref.index());
    }
    if (expression instanceof Constant constant) {
      return parameter(constant);
    }
    FunctionCall call = (FunctionCall) expression;
    List<RowExpression> arguments = call.arguments();
    DataType type = call.type();
    switch (call.function()) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
        String operator = call.function().symbol();
        SqlText left;
        SqlText right;
        if (type.isDecimal() && call.function() != ScalarFunction.MULTIPLY) {
          // Locus brings both operands to the result's scale first.
          DataType operand = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, type.scale());
          left = castTo(arguments.get(0), operand, columns);
          right = castTo(arguments.get(1), operand, columns);
        } else if (type.isDecimal()) {
          left = render(arguments.get(0), columns);
          right = render(arguments.get(1), columns);
        } else {
          left = castTo(arguments.get(0), type, columns);
          right = castTo(arguments.get(1), type, columns);
        }
        SqlText arithmetic =
            call.function() == ScalarFunction.MODULO && dialect == Dialect.H2
                ? SqlText.of("MOD(").plus(left).plus(", ").plus(right).plus(")")
                : SqlText.of("(").plus(left).plus(" " + operator + " ").plus(right).plus(")");
        return cast(arithmetic, type);
      }
      case NEGATE -> {
        return cast(SqlText.of("(-").plus(castTo(arguments.get(0), type, columns)).plus(")"), type);
      }
      case ABS -> {
        return cast(
            SqlText.of("ABS(").plus(castTo(arguments.get(0), type, columns)).plus(")"), type);
      }
      case EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        return SqlText.of("(")
            .plus(render(arguments.get(0), columns))
            .plus(" " + call.function().symbol() + " ")
            .plus(render(arguments.get(1), columns))
            .plus(")");
      }
      case AND, OR -> {
        List<SqlText> parts = new ArrayList<>();
        for (RowExpression argument : arguments) {
          parts.add(render(argument, columns));
        }
        return SqlText.of("(")
            .plus(SqlText.join(" " + call.function().symbol() + " ", parts))
            .plus(")");
      }
      case NOT -> {
        return SqlText.of("(NOT ").plus(render(arguments.get(0), columns)).plus(")");
      }
      case IS_NULL, IS_NOT_NULL -> {
        return SqlText.of("(")
            .plus(render(arguments.get(0), columns))
            .plus(" " + call.function().symbol() + ")");
      }
      case IN -> {
        List<SqlText> values = new ArrayList<>();
        for (RowExpression argument : arguments.subList(1, arguments.size())) {
          values.add(render(argument, columns));
        }
        return SqlText.of("(")
            .plus(render(arguments.get(0), columns))
            .plus(" IN (")
            .plus(SqlText.join(", ", values))
            .plus("))");
      }
      case LIKE -> {
        return SqlText.of("(")
            .plus(castTo(arguments.get(0), DataType.VARCHAR, columns))
            .plus(" LIKE ")
            .plus(render(arguments.get(1), columns))
            .plus(")");
      }
      case CASE -> {
        SqlText text = SqlText.of("CASE");
        int pairs = arguments.size() / 2;
        for (int i = 0; i < pairs; i++) {
          text =
              text.plus(" WHEN ")
                  .plus(render(arguments.get(2 * i), columns))
                  .plus(" THEN ")
                  .plus(castTo(arguments.get(2 * i + 1), type, columns));
        }
        if (arguments.size() % 2 == 1) {
          text =
              text.plus(" ELSE ").plus(castTo(arguments.get(arguments.size() - 1), type, columns));
        }
        return text.plus(" END");
      }
      case COALESCE -> {
        List<SqlText> values = new ArrayList<>();
        for (RowExpression argument : arguments) {
          values.add(castTo(argument, type, columns));
        }
        return SqlText.of("COALESCE(").plus(SqlText.join(", ", values)).plus(")");
      }
      case CAST -> {
        return cast(render(arguments.get(0), columns), type);
      }
      case SUBSTRING -> {
        SqlText text =
            SqlText.of("SUBSTRING(")
                .plus(castTo(arguments.get(0), DataType.VARCHAR, columns))
                .plus(" FROM ")
                .plus(render(arguments.get(1), columns));
        if (arguments.size() == 3) {
          text = text.plus(" FOR ").plus(render(arguments.get(2), columns));
        }
        return text.plus(")");
      }
      case UPPER, LOWER -> {
        return SqlText.of(call.function().name() + "(")
            .plus(render(arguments.get(0), columns))
            .plus(")");
      }
      case TRIM -> {
        return SqlText.of("TRIM(BOTH ' ' FROM ").plus(render(arguments.get(0), columns)).plus(")");
      }
      case LENGTH -> {
        return cast(
            SqlText.of("CHAR_LENGTH(").plus(render(arguments.get(0), columns)).plus(")"), type);
      }
      case CONCAT -> {
        List<SqlText> parts = new ArrayList<>();
        for (RowExpression argument : arguments) {
          parts.add(castTo(argument, DataType.VARCHAR, columns));
        }
        return SqlText.of("(").plus(SqlText.join(" || ", parts)).plus(")");
      }
      case EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY -> {
        String field =
            call.function() == ScalarFunction.EXTRACT_YEAR
                ? "YEAR"
                : call.function() == ScalarFunction.EXTRACT_MONTH ? "MONTH" : "DAY";
        return cast(
            SqlText.of("EXTRACT(" + field + " FROM ")
                .plus(render(arguments.get(0), columns))
                .plus(")"),
            type);
      }
      case ADD_DAYS, ADD_MONTHS -> {
        boolean days = call.function() == ScalarFunction.ADD_DAYS;
        SqlText date = render(arguments.get(0), columns);
        SqlText amount = castTo(arguments.get(1), DataType.INT, columns);
        boolean isDate = arguments.get(0).type().kind() == Kind.DATE;
        if (dialect == Dialect.H2) {
          return SqlText.of("DATEADD(" + (days ? "DAY" : "MONTH") + ", ")
              .plus(amount)
              .plus(", ")
              .plus(date)
              .plus(")");
        }
        if (days && isDate) {
          return SqlText.of("(").plus(date).plus(" + ").plus(amount).plus(")");
        }
        SqlText shifted =
            SqlText.of("(")
                .plus(date)
                .plus(" + ")
                .plus(amount)
                .plus(" * INTERVAL '1 " + (days ? "day" : "month") + "')");
        return isDate ? cast(shifted, DataType.DATE) : shifted;
      }
      default ->
          throw new IllegalStateException("Not pushed, so never rendered: " + call.function());
    }
  }

  /** A typed parameter: the database never guesses a parameter's type. */
  SqlText parameter(Constant constant) {
    return SqlText.of("CAST(")
        .plus(SqlText.parameter(constant))
        .plus(" AS " + dialect.typeName(constant.type()) + ")");
  }

  /** The expression converted to {@code type} when it has another type. */
  private SqlText castTo(RowExpression expression, DataType type, List<SqlText> columns) {
    SqlText text = render(expression, columns);
    DataType from = expression.type();
    boolean same =
        from.kind() == type.kind() && (!type.isDecimal() || from.scale() == type.scale());
    return same ? text : cast(text, type);
  }

  SqlText cast(SqlText text, DataType type) {
    return SqlText.of("CAST(").plus(text).plus(" AS " + dialect.typeName(type) + ")");
  }
}
