package dev.locus.sql;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Call;
import dev.locus.core.expr.Cast;
import dev.locus.core.expr.Column;
import dev.locus.core.expr.Expression;
import dev.locus.core.expr.Literal;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into Locus expressions. An input reference {@code $i} becomes
 * a column named {@code $i}, bound against {@link #positional} of the input schema, so Locus's
 * binder derives the types and inserts the casts with its own rules.
 */
final class RexTranslator {
  private final RexBuilder rexBuilder;

  RexTranslator(RexBuilder rexBuilder) {
    this.rexBuilder = requireNonNull(rexBuilder, "rexBuilder is null");
  }

  /** The schema with columns renamed {@code $0, $1, ...}, to bind translated expressions. */
  static Schema positional(Schema schema) {
    List<Field> fields = new ArrayList<>(schema.size());
    for (int i = 0; i < schema.size(); i++) {
      Field field = schema.field(i);
      fields.add(new Field("$" + i, field.type(), field.nullable()));
    }
    return new Schema(fields);
  }

  static Expression column(int index) {
    return new Column("$" + index);
  }

  Expression translate(RexNode node) {
    if (node instanceof RexInputRef ref) {
      return column(ref.getIndex());
    }
    if (node instanceof RexLiteral literal) {
      return literal(literal);
    }
    if (node instanceof RexOver over) {
      throw unsupported("window functions (" + over.getOperator().getName() + " ... OVER)");
    }
    if (node instanceof RexCall call) {
      return call(call);
    }
    throw unsupported("the expression " + node);
  }

  private Expression literal(RexLiteral literal) {
    RelDataType type = literal.getType();
    if (type.getSqlTypeName() == SqlTypeName.SYMBOL) {
      throw unsupported("the symbol " + literal);
    }
    if (SqlTypeFamily.INTERVAL_DAY_TIME.contains(type)
        || SqlTypeFamily.INTERVAL_YEAR_MONTH.contains(type)) {
      throw unsupported("an interval outside date arithmetic: " + literal);
    }
    DataType locusType = SqlTypes.toLocus(type, "literal " + literal);
    if (literal.isNull()) {
      return new Literal(null, locusType);
    }
    Object value =
        switch (locusType.kind()) {
          case BOOLEAN -> literal.getValueAs(Boolean.class);
          case INT -> literal.getValueAs(BigDecimal.class).intValueExact();
          case BIGINT -> literal.getValueAs(BigDecimal.class).longValueExact();
          case DOUBLE -> literal.getValueAs(Double.class);
          case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(locusType.scale());
          case VARCHAR -> literal.getValueAs(String.class);
          case DATE -> LocalDate.parse(literal.getValueAs(DateString.class).toString());
          case TIMESTAMP ->
              LocalDateTime.parse(
                  literal.getValueAs(TimestampString.class).toString().replace(' ', 'T'));
          case OBJECT -> throw unsupported("the literal " + literal);
        };
    return new Literal(value, locusType);
  }

  private Expression call(RexCall call) {
    SqlKind kind = call.getKind();
    List<RexNode> operands = call.getOperands();
    switch (kind) {
      case SEARCH:
        return translate(RexUtil.expandSearch(rexBuilder, null, call));
      case PLUS:
      case MINUS:
        if (isInterval(operands.get(1))) {
          return dateArithmetic(call, kind == SqlKind.MINUS);
        }
        if (isInterval(operands.get(0)) && kind != SqlKind.MINUS) {
          return dateArithmetic(
              (RexCall) rexBuilder.makeCall(call.getOperator(), operands.get(1), operands.get(0)),
              false);
        }
        return binary(kind == SqlKind.MINUS ? ScalarFunction.SUBTRACT : ScalarFunction.ADD, call);
      case TIMES:
        return binary(ScalarFunction.MULTIPLY, call);
      case DIVIDE:
        return binary(ScalarFunction.DIVIDE, call);
      case MOD:
        return binary(ScalarFunction.MODULO, call);
      case MINUS_PREFIX:
        return new Call(ScalarFunction.NEGATE, List.of(translate(operands.get(0))));
      case PLUS_PREFIX:
        return translate(operands.get(0));
      case EQUALS:
        return binary(ScalarFunction.EQUAL, call);
      case NOT_EQUALS:
        return binary(ScalarFunction.NOT_EQUAL, call);
      case LESS_THAN:
        return binary(ScalarFunction.LESS_THAN, call);
      case LESS_THAN_OR_EQUAL:
        return binary(ScalarFunction.LESS_THAN_OR_EQUAL, call);
      case GREATER_THAN:
        return binary(ScalarFunction.GREATER_THAN, call);
      case GREATER_THAN_OR_EQUAL:
        return binary(ScalarFunction.GREATER_THAN_OR_EQUAL, call);
      case IS_DISTINCT_FROM:
        return isNotDistinctFrom(operands).not();
      case IS_NOT_DISTINCT_FROM:
        return isNotDistinctFrom(operands);
      case AND:
        return chain(ScalarFunction.AND, operands);
      case OR:
        return chain(ScalarFunction.OR, operands);
      case NOT:
        return translate(operands.get(0)).not();
      case IS_NULL:
        return translate(operands.get(0)).isNull();
      case IS_NOT_NULL:
        return translate(operands.get(0)).isNotNull();
      case IS_TRUE:
        return coalesce(translate(operands.get(0)), false);
      case IS_NOT_TRUE:
        return coalesce(translate(operands.get(0)), false).not();
      case IS_FALSE:
        return coalesce(translate(operands.get(0)).not(), false);
      case IS_NOT_FALSE:
        return coalesce(translate(operands.get(0)), true);
      case CASE:
        return new Call(ScalarFunction.CASE, translateAll(operands));
      case COALESCE:
        return new Call(ScalarFunction.COALESCE, translateAll(operands));
      case CAST:
        return cast(call);
      case LIKE:
        return like(call);
      case TRIM:
        return trim(call);
      case EXTRACT:
        return extract(call);
      default:
        break;
    }
    String name = call.getOperator().getName().toUpperCase(java.util.Locale.ROOT);
    switch (name) {
      case "SUBSTRING":
        return new Call(ScalarFunction.SUBSTRING, translateAll(operands));
      case "UPPER":
        return new Call(ScalarFunction.UPPER, translateAll(operands));
      case "LOWER":
        return new Call(ScalarFunction.LOWER, translateAll(operands));
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH":
      case "LENGTH":
        return new Call(ScalarFunction.LENGTH, translateAll(operands));
      case "||":
      case "CONCAT":
        return chain(ScalarFunction.CONCAT, operands);
      case "ABS":
        return new Call(ScalarFunction.ABS, translateAll(operands));
      case "YEAR":
        return new Call(ScalarFunction.EXTRACT_YEAR, translateAll(operands));
      case "MONTH":
        return new Call(ScalarFunction.EXTRACT_MONTH, translateAll(operands));
      case "DAYOFMONTH":
        return new Call(ScalarFunction.EXTRACT_DAY, translateAll(operands));
      default:
        throw unsupported("the function " + call.getOperator().getName());
    }
  }

  private static boolean isInterval(RexNode node) {
    SqlTypeName name = node.getType().getSqlTypeName();
    return SqlTypeName.INTERVAL_TYPES.contains(name);
  }

  private Expression dateArithmetic(RexCall call, boolean subtract) {
    RexNode interval = call.getOperands().get(1);
    if (!(interval instanceof RexLiteral literal)) {
      throw unsupported("date arithmetic with a computed interval: " + call);
    }
    BigDecimal amount = literal.getValueAs(BigDecimal.class);
    Expression date = translate(call.getOperands().get(0));
    boolean yearMonth = SqlTypeFamily.INTERVAL_YEAR_MONTH.contains(literal.getType());
    if (yearMonth) {
      int months = amount.intValueExact();
      return new Call(
          ScalarFunction.ADD_MONTHS,
          List.of(date, new Literal(subtract ? -months : months, DataType.INT)));
    }
    BigDecimal millisPerDay = BigDecimal.valueOf(86_400_000L);
    if (amount.remainder(millisPerDay).signum() != 0
        || call.getOperands().get(0).getType().getSqlTypeName() != SqlTypeName.DATE) {
      throw unsupported("date arithmetic with an interval of hours or less: " + call);
    }
    int days = amount.divide(millisPerDay).intValueExact();
    return new Call(
        ScalarFunction.ADD_DAYS, List.of(date, new Literal(subtract ? -days : days, DataType.INT)));
  }

  private Expression binary(ScalarFunction function, RexCall call) {
    List<RexNode> operands = call.getOperands();
    if (operands.size() != 2) {
      throw unsupported(function.symbol() + " with " + operands.size() + " operands");
    }
    return new Call(function, List.of(translate(operands.get(0)), translate(operands.get(1))));
  }

  private Expression chain(ScalarFunction function, List<RexNode> operands) {
    Expression result = translate(operands.get(0));
    for (RexNode operand : operands.subList(1, operands.size())) {
      result = new Call(function, List.of(result, translate(operand)));
    }
    return result;
  }

  /** {@code a IS NOT DISTINCT FROM b}: equal, or both NULL; never NULL itself. */
  private Expression isNotDistinctFrom(List<RexNode> operands) {
    Expression left = translate(operands.get(0));
    Expression right = translate(operands.get(1));
    return new Call(
        ScalarFunction.CASE,
        List.of(
            left.isNull(),
            right.isNull(),
            right.isNull(),
            new Literal(false, DataType.BOOLEAN),
            left.eq(right)));
  }

  private static Expression coalesce(Expression value, boolean otherwise) {
    return new Call(
        ScalarFunction.COALESCE, List.of(value, new Literal(otherwise, DataType.BOOLEAN)));
  }

  private Expression cast(RexCall call) {
    RexNode operand = call.getOperands().get(0);
    DataType target = SqlTypes.toLocus(call.getType(), "CAST " + call);
    if (operand instanceof RexLiteral literal && literal.isNull()) {
      return new Literal(null, target);
    }
    Expression value = translate(operand);
    DataType source = SqlTypes.toLocus(operand.getType(), "CAST " + call);
    return source.equals(target) ? value : new Cast(value, target);
  }

  private Expression like(RexCall call) {
    if (call.getOperands().size() > 2) {
      throw unsupported("LIKE with ESCAPE");
    }
    Expression like =
        new Call(
            ScalarFunction.LIKE,
            List.of(translate(call.getOperands().get(0)), translate(call.getOperands().get(1))));
    boolean negated =
        call.getOperator() instanceof SqlLikeOperator operator && operator.isNegated();
    return negated ? like.not() : like;
  }

  private Expression trim(RexCall call) {
    List<RexNode> operands = call.getOperands();
    Object flag = ((RexLiteral) operands.get(0)).getValue();
    RexNode characters = operands.get(1);
    boolean spaces =
        characters instanceof RexLiteral literal && " ".equals(literal.getValueAs(String.class));
    if (flag != SqlTrimFunction.Flag.BOTH || !spaces) {
      throw unsupported("TRIM other than TRIM(BOTH ' ' FROM ...)");
    }
    return new Call(ScalarFunction.TRIM, List.of(translate(operands.get(2))));
  }

  private Expression extract(RexCall call) {
    TimeUnitRange unit = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
    Expression value = translate(call.getOperands().get(1));
    ScalarFunction function =
        switch (unit) {
          case YEAR -> ScalarFunction.EXTRACT_YEAR;
          case MONTH -> ScalarFunction.EXTRACT_MONTH;
          case DAY -> ScalarFunction.EXTRACT_DAY;
          default -> throw unsupported("EXTRACT(" + unit + " FROM ...)");
        };
    Expression extracted = new Call(function, List.of(value));
    // Calcite types EXTRACT as BIGINT; Locus returns INT.
    return call.getType().getSqlTypeName() == SqlTypeName.BIGINT
        ? new Cast(extracted, DataType.BIGINT)
        : extracted;
  }

  private List<Expression> translateAll(List<RexNode> operands) {
    List<Expression> result = new ArrayList<>(operands.size());
    for (RexNode operand : operands) {
      result.add(translate(operand));
    }
    return result;
  }

  static LocusException unsupported(String what) {
    return new LocusException(ErrorCode.NOT_SUPPORTED, "SQL feature not supported: " + what);
  }
}
