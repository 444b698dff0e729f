package dev.locus.operators.expr;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.Constant;
import dev.locus.core.expr.ExpressionFormatter;
import dev.locus.core.expr.FunctionCall;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.expr.ScalarFunction;
import dev.locus.core.type.DataType;
import dev.locus.core.type.DataType.Kind;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a bound expression into a tree of {@link Node}s, once. It relies on the argument forms
 * documented on {@link ScalarFunction} and, where a form is looser than documented (an INT compared
 * with a BIGINT, decimals of different scales), inserts the casts that make it so.
 */
final class ExpressionCompiler {
  private final Schema schema;

  /** Function calls compiled once as {@link SharedNode}s, with their slots; empty: none. */
  private final Map<RowExpression, Integer> sharedSlots;

  private final Node[] sharedNodes;

  ExpressionCompiler(Schema schema) {
    this(schema, Map.of());
  }

  /** A compiler that compiles each of {@code sharedSlots} once, as a {@link SharedNode}. */
  ExpressionCompiler(Schema schema, Map<RowExpression, Integer> sharedSlots) {
    this.schema = schema;
    this.sharedSlots = sharedSlots;
    this.sharedNodes = new Node[sharedSlots.size()];
  }

  Node compile(RowExpression expression) {
    if (expression instanceof FunctionCall && !sharedSlots.isEmpty()) {
      Integer slot = sharedSlots.get(expression);
      if (slot != null) {
        if (sharedNodes[slot] == null) {
          sharedNodes[slot] = new SharedNode(slot, compileUnshared(expression));
        }
        return sharedNodes[slot];
      }
    }
    return compileUnshared(expression);
  }

  private Node compileUnshared(RowExpression expression) {
    if (expression instanceof InputRef ref) {
      return inputRef(ref);
    }
    if (expression instanceof Constant constant) {
      if (constant.type().kind() == Kind.OBJECT) {
        throw new LocusException(
            ErrorCode.NOT_SUPPORTED, "Expressions over OBJECT values are not supported");
      }
      return new ConstantNode(constant);
    }
    FunctionCall call = (FunctionCall) expression;
    String text = ExpressionFormatter.format(call, schema);
    return coerce(call(call, text), call.type(), text);
  }

  private Node inputRef(InputRef ref) {
    if (ref.index() >= schema.size()) {
      throw new LocusException(
          ErrorCode.COLUMN_NOT_FOUND,
          "Column "
              + ref
              + " does not exist in an input of "
              + schema.size()
              + " columns: "
              + schema.names());
    }
    DataType actual = schema.type(ref.index());
    boolean same =
        actual.kind() == ref.type().kind()
            && (!actual.isDecimal() || actual.scale() == ref.type().scale());
    if (!same) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Column '"
              + schema.field(ref.index()).name()
              + "' is "
              + actual
              + " but the expression reads it as "
              + ref.type());
    }
    return new InputRefNode(ref.index(), actual, schema.field(ref.index()).name());
  }

  private Node call(FunctionCall call, String text) {
    ScalarFunction function = call.function();
    List<RowExpression> arguments = call.arguments();
    DataType type = call.type();
    switch (function) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> {
        arity(call, 2, 2, text);
        return arithmetic(
            function, compile(arguments.get(0)), compile(arguments.get(1)), type, text);
      }
      case NEGATE, ABS -> {
        arity(call, 1, 1, text);
        numeric(type, call, text);
        Node argument = coerce(compile(arguments.get(0)), type, text);
        return new NegateAbsNode(function == ScalarFunction.NEGATE, argument, text);
      }
      case EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
        arity(call, 2, 2, text);
        Node left = compile(arguments.get(0));
        Node right = compile(arguments.get(1));
        DataType common = commonType(List.of(left.type, right.type), text);
        return new ComparisonNode(
            function, coerce(left, common, text), coerce(right, common, text));
      }
      case AND, OR -> {
        arity(call, 2, Integer.MAX_VALUE, text);
        Node result = bool(compile(arguments.get(0)), text);
        for (int i = 1; i < arguments.size(); i++) {
          result =
              new LogicalNode(
                  function == ScalarFunction.AND, result, bool(compile(arguments.get(i)), text));
        }
        return result;
      }
      case NOT -> {
        arity(call, 1, 1, text);
        return new NotNode(bool(compile(arguments.get(0)), text));
      }
      case IS_NULL, IS_NOT_NULL -> {
        arity(call, 1, 1, text);
        return new NullTestNode(function == ScalarFunction.IS_NULL, compile(arguments.get(0)));
      }
      case BETWEEN -> {
        arity(call, 3, 3, text);
        RowExpression value = arguments.get(0);
        return compile(
            FunctionCall.of(
                ScalarFunction.AND,
                DataType.BOOLEAN,
                FunctionCall.of(
                    ScalarFunction.GREATER_THAN_OR_EQUAL,
                    DataType.BOOLEAN,
                    value,
                    arguments.get(1)),
                FunctionCall.of(
                    ScalarFunction.LESS_THAN_OR_EQUAL, DataType.BOOLEAN, value, arguments.get(2))));
      }
      case IN -> {
        arity(call, 2, Integer.MAX_VALUE, text);
        return in(call, text);
      }
      case LIKE -> {
        arity(call, 2, 2, text);
        if (!(arguments.get(1) instanceof Constant pattern)
            || pattern.type().kind() != Kind.VARCHAR) {
          throw new LocusException(
              ErrorCode.NOT_SUPPORTED,
              "The pattern of LIKE must be a VARCHAR constant; found "
                  + ExpressionFormatter.format(arguments.get(1), schema)
                  + " in "
                  + text);
        }
        if (pattern.isNull()) {
          return new ConstantNode(Constant.nullOf(DataType.BOOLEAN));
        }
        Node value = coerce(compile(arguments.get(0)), DataType.VARCHAR, text);
        return new LikeNode(value, (String) pattern.value());
      }
      case CASE -> {
        arity(call, 2, Integer.MAX_VALUE, text);
        List<Node> conditions = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        int pairs = arguments.size() / 2;
        for (int i = 0; i < pairs; i++) {
          conditions.add(bool(compile(arguments.get(2 * i)), text));
          values.add(coerce(compile(arguments.get(2 * i + 1)), type, text));
        }
        Node otherwise =
            arguments.size() % 2 == 1
                ? coerce(compile(arguments.get(arguments.size() - 1)), type, text)
                : new ConstantNode(Constant.nullOf(type));
        return new CaseNode(conditions, values, otherwise, type);
      }
      case COALESCE -> {
        arity(call, 1, Integer.MAX_VALUE, text);
        List<Node> values = new ArrayList<>();
        for (RowExpression argument : arguments) {
          values.add(coerce(compile(argument), type, text));
        }
        return new CoalesceNode(values, type);
      }
      case CAST -> {
        arity(call, 1, 1, text);
        return coerce(compile(arguments.get(0)), type, text);
      }
      case SUBSTRING -> {
        arity(call, 2, 3, text);
        Node value = coerce(compile(arguments.get(0)), DataType.VARCHAR, text);
        Node start = coerce(compile(arguments.get(1)), DataType.INT, text);
        Node length =
            arguments.size() == 3 ? coerce(compile(arguments.get(2)), DataType.INT, text) : null;
        return new SubstringNode(value, start, length, text);
      }
      case UPPER, LOWER, TRIM -> {
        arity(call, 1, 1, text);
        TextNode.Operation operation =
            function == ScalarFunction.UPPER
                ? TextNode.Operation.UPPER
                : function == ScalarFunction.LOWER
                    ? TextNode.Operation.LOWER
                    : TextNode.Operation.TRIM;
        return new TextNode(operation, coerce(compile(arguments.get(0)), DataType.VARCHAR, text));
      }
      case LENGTH -> {
        arity(call, 1, 1, text);
        DataType result = type.kind() == Kind.BIGINT ? DataType.BIGINT : DataType.INT;
        return new LengthNode(coerce(compile(arguments.get(0)), DataType.VARCHAR, text), result);
      }
      case CONCAT -> {
        arity(call, 1, Integer.MAX_VALUE, text);
        List<Node> parts = new ArrayList<>();
        for (RowExpression argument : arguments) {
          parts.add(coerce(compile(argument), DataType.VARCHAR, text));
        }
        return new ConcatNode(parts);
      }
      case EXTRACT_YEAR, EXTRACT_MONTH, EXTRACT_DAY -> {
        arity(call, 1, 1, text);
        Node date = temporal(compile(arguments.get(0)), call, text);
        DataType result = type.kind() == Kind.BIGINT ? DataType.BIGINT : DataType.INT;
        return new DateNode(function, date, null, result, text);
      }
      case SINGLE_VALUE -> {
        arity(call, 2, 2, text);
        return new SingleValueNode(
            coerce(compile(arguments.get(0)), DataType.BIGINT, text),
            coerce(compile(arguments.get(1)), type, text));
      }
      default -> {
        // ADD_DAYS, ADD_MONTHS
        arity(call, 2, 2, text);
        Node date = temporal(compile(arguments.get(0)), call, text);
        Node amount = coerce(compile(arguments.get(1)), DataType.INT, text);
        return new DateNode(function, date, amount, date.type, text);
      }
    }
  }

  private Node arithmetic(
      ScalarFunction function, Node left, Node right, DataType type, String text) {
    if (!type.isNumeric()) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Arithmetic "
              + function.symbol()
              + " needs a numeric result type; found "
              + type
              + " in "
              + text);
    }
    if (!type.isDecimal()) {
      return new ArithmeticNode(
          function, coerce(left, type, text), coerce(right, type, text), type, text);
    }
    switch (function) {
      case ADD, SUBTRACT, MODULO -> {
        DataType operand = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, type.scale());
        return new ArithmeticNode(
            function, atScale(left, operand, text), atScale(right, operand, text), type, text);
      }
      case MULTIPLY -> {
        Node x = toDecimal(left, text);
        Node y = toDecimal(right, text);
        int scale = x.type.scale() + y.type.scale();
        if (scale == type.scale()) {
          return new ArithmeticNode(function, x, y, type, text);
        }
        if (scale > DataType.MAX_DECIMAL_PRECISION) {
          throw new LocusException(
              ErrorCode.NOT_SUPPORTED,
              "Decimal product scale "
                  + scale
                  + " exceeds "
                  + DataType.MAX_DECIMAL_PRECISION
                  + " in "
                  + text);
        }
        // The exact product, rounded to the result's scale.
        DataType exact = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, scale);
        return new CastNode(new ArithmeticNode(function, x, y, exact, text), type, text);
      }
      default -> {
        return new ArithmeticNode(
            function, toDecimal(left, text), toDecimal(right, text), type, text);
      }
    }
  }

  /** A decimal operand at the scale of {@code operand}: as is when it already has it. */
  private Node atScale(Node node, DataType operand, String text) {
    if (node.type.isDecimal() && node.type.scale() == operand.scale()) {
      return node;
    }
    return coerce(node, operand, text);
  }

  /** An integer or DOUBLE operand of decimal arithmetic as a decimal. */
  private Node toDecimal(Node node, String text) {
    return switch (node.type.kind()) {
      case DECIMAL -> node;
      case INT, BOOLEAN -> coerce(node, DataType.decimal(10, 0), text);
      case BIGINT -> coerce(node, DataType.decimal(19, 0), text);
      case DOUBLE -> coerce(node, DataType.decimal(DataType.MAX_DECIMAL_PRECISION, 9), text);
      default ->
          throw new LocusException(
              ErrorCode.TYPE_MISMATCH,
              "Decimal arithmetic needs numeric operands; found " + node.type + " in " + text);
    };
  }

  private Node in(FunctionCall call, String text) {
    List<RowExpression> arguments = call.arguments();
    Node value = compile(arguments.get(0));
    List<DataType> types = new ArrayList<>();
    types.add(value.type);
    boolean constants = value.type.kind() != Kind.BOOLEAN;
    for (RowExpression element : arguments.subList(1, arguments.size())) {
      types.add(element.type());
      constants &= element instanceof Constant;
    }
    DataType common = commonType(types, text);
    if (constants) {
      List<Object> values = new ArrayList<>();
      for (RowExpression element : arguments.subList(1, arguments.size())) {
        Constant constant = (Constant) element;
        Object converted = convert(constant.value(), constant.type(), common);
        if (converted == UNCONVERTIBLE) {
          constants = false;
          break;
        }
        values.add(converted);
      }
      if (constants) {
        return new InListNode(coerce(value, common, text), values);
      }
    }
    // Any other list: value = c1 OR value = c2 OR ..., which is IN's three-valued logic.
    List<RowExpression> equalities = new ArrayList<>();
    for (RowExpression element : arguments.subList(1, arguments.size())) {
      equalities.add(
          FunctionCall.of(ScalarFunction.EQUAL, DataType.BOOLEAN, arguments.get(0), element));
    }
    if (equalities.size() == 1) {
      return compile(equalities.get(0));
    }
    return compile(new FunctionCall(ScalarFunction.OR, equalities, DataType.BOOLEAN));
  }

  private static final Object UNCONVERTIBLE = new Object();

  /** A constant converted exactly to a wider type, or {@link #UNCONVERTIBLE}. */
  private static Object convert(Object value, DataType from, DataType to) {
    if (value == null) {
      return null;
    }
    if (from.kind() == to.kind() && (!to.isDecimal() || from.scale() == to.scale())) {
      return value;
    }
    switch (to.kind()) {
      case BIGINT -> {
        if (value instanceof Integer integer) {
          return integer.longValue();
        }
      }
      case DECIMAL -> {
        BigDecimal decimal =
            value instanceof BigDecimal big
                ? big
                : value instanceof Integer || value instanceof Long
                    ? BigDecimal.valueOf(((Number) value).longValue())
                    : null;
        if (decimal != null && decimal.scale() <= to.scale()) {
          return decimal.setScale(to.scale());
        }
      }
      case TIMESTAMP -> {
        if (value instanceof LocalDate date) {
          return date.atStartOfDay();
        }
      }
      default -> {}
    }
    return UNCONVERTIBLE;
  }

  /** The type all of {@code types} are compared as. */
  private static DataType commonType(List<DataType> types, String text) {
    DataType first = types.get(0);
    boolean same = true;
    boolean numeric = true;
    boolean temporal = true;
    boolean anyDouble = false;
    boolean anyDecimal = false;
    boolean anyTimestamp = false;
    int scale = 0;
    int integerDigits = 0;
    int precision = 0;
    for (DataType type : types) {
      same &= type.kind() == first.kind() && type.scale() == first.scale();
      numeric &= type.isNumeric();
      temporal &= type.kind() == Kind.DATE || type.kind() == Kind.TIMESTAMP;
      anyDouble |= type.kind() == Kind.DOUBLE;
      anyDecimal |= type.isDecimal();
      anyTimestamp |= type.kind() == Kind.TIMESTAMP;
      scale = Math.max(scale, type.scale());
      precision = Math.max(precision, type.precision());
      integerDigits =
          Math.max(
              integerDigits,
              switch (type.kind()) {
                case INT -> 10;
                case BIGINT -> 19;
                case DECIMAL -> type.precision() - type.scale();
                default -> 0;
              });
    }
    if (same) {
      return first.isDecimal() ? DataType.decimal(precision, scale) : first;
    }
    if (numeric) {
      if (anyDouble) {
        return DataType.DOUBLE;
      }
      if (anyDecimal) {
        return DataType.decimal(
            Math.min(DataType.MAX_DECIMAL_PRECISION, integerDigits + scale), scale);
      }
      return DataType.BIGINT;
    }
    if (temporal && anyTimestamp) {
      return DataType.TIMESTAMP;
    }
    throw new LocusException(
        ErrorCode.TYPE_MISMATCH, "Cannot compare values of types " + types + " in " + text);
  }

  /** A node of exactly {@code type} (decimals: at least its precision), casting when needed. */
  private static Node coerce(Node node, DataType type, String text) {
    if (CastNode.isIdentity(node.type, type)) {
      return node;
    }
    CastNode.check(node.type, type, text);
    return new CastNode(node, type, text);
  }

  private static Node bool(Node node, String text) {
    if (node.type.kind() != Kind.BOOLEAN) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          "Expected a BOOLEAN condition; found " + node.type + " in " + text);
    }
    return node;
  }

  private static void numeric(DataType type, FunctionCall call, String text) {
    if (!type.isNumeric()) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          call.function().symbol() + " needs a numeric type; found " + type + " in " + text);
    }
  }

  private static Node temporal(Node node, FunctionCall call, String text) {
    if (node.type.kind() != Kind.DATE && node.type.kind() != Kind.TIMESTAMP) {
      throw new LocusException(
          ErrorCode.TYPE_MISMATCH,
          call.function().symbol()
              + " needs a DATE or TIMESTAMP; found "
              + node.type
              + " in "
              + text);
    }
    return node;
  }

  private static void arity(FunctionCall call, int min, int max, String text) {
    int count = call.arguments().size();
    if (count < min || count > max) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          call.function()
              + " takes "
              + (min == max
                  ? String.valueOf(min)
                  : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max)
              + " arguments; found "
              + count
              + " in "
              + text);
    }
  }
}
