package dev.locus.core.expr;

import static dev.locus.core.expr.Expressions.lit;

import dev.locus.core.type.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's expression, with columns named rather than bound. Build with {@link Expressions} and the
 * fluent methods here: {@code col("price").times(col("qty")).gt(lit(100))}. A non-expression
 * argument of a fluent method is taken as a literal.
 */
public sealed interface Expression permits Column, Literal, Call, Cast, Alias {

  /** The column name this expression gets in a projection when not aliased. */
  String defaultName();

  default Expression plus(Object other) {
    return call(ScalarFunction.ADD, other);
  }

  default Expression minus(Object other) {
    return call(ScalarFunction.SUBTRACT, other);
  }

  default Expression times(Object other) {
    return call(ScalarFunction.MULTIPLY, other);
  }

  default Expression div(Object other) {
    return call(ScalarFunction.DIVIDE, other);
  }

  default Expression mod(Object other) {
    return call(ScalarFunction.MODULO, other);
  }

  default Expression negate() {
    return new Call(ScalarFunction.NEGATE, List.of(this));
  }

  default Expression eq(Object other) {
    return call(ScalarFunction.EQUAL, other);
  }

  default Expression ne(Object other) {
    return call(ScalarFunction.NOT_EQUAL, other);
  }

  default Expression lt(Object other) {
    return call(ScalarFunction.LESS_THAN, other);
  }

  default Expression le(Object other) {
    return call(ScalarFunction.LESS_THAN_OR_EQUAL, other);
  }

  default Expression gt(Object other) {
    return call(ScalarFunction.GREATER_THAN, other);
  }

  default Expression ge(Object other) {
    return call(ScalarFunction.GREATER_THAN_OR_EQUAL, other);
  }

  default Expression and(Object other) {
    return call(ScalarFunction.AND, other);
  }

  default Expression or(Object other) {
    return call(ScalarFunction.OR, other);
  }

  default Expression not() {
    return new Call(ScalarFunction.NOT, List.of(this));
  }

  default Expression isNull() {
    return new Call(ScalarFunction.IS_NULL, List.of(this));
  }

  default Expression isNotNull() {
    return new Call(ScalarFunction.IS_NOT_NULL, List.of(this));
  }

  default Expression between(Object low, Object high) {
    return new Call(ScalarFunction.BETWEEN, List.of(this, lit(low), lit(high)));
  }

  default Expression in(Object... values) {
    List<Expression> arguments = new ArrayList<>();
    arguments.add(this);
    for (Object value : values) {
      arguments.add(lit(value));
    }
    return new Call(ScalarFunction.IN, arguments);
  }

  default Expression like(String pattern) {
    return call(ScalarFunction.LIKE, pattern);
  }

  default Expression substring(int start, int length) {
    return new Call(ScalarFunction.SUBSTRING, List.of(this, lit(start), lit(length)));
  }

  default Expression cast(DataType type) {
    return new Cast(this, type);
  }

  default Expression as(String name) {
    return new Alias(this, name);
  }

  private Expression call(ScalarFunction function, Object other) {
    return new Call(function, List.of(this, lit(other)));
  }
}
