package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.DataType;
import java.util.List;
import java.util.stream.Collectors;

/** A call of a scalar function; the forms of the arguments are listed on {@link ScalarFunction}. */
public record FunctionCall(ScalarFunction function, List<RowExpression> arguments, DataType type)
    implements RowExpression {
  public FunctionCall {
    requireNonNull(function, "function is null");
    arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
    requireNonNull(type, "type is null");
  }

  public static FunctionCall of(
      ScalarFunction function, DataType type, RowExpression... arguments) {
    return new FunctionCall(function, List.of(arguments), type);
  }

  public RowExpression argument(int index) {
    return arguments.get(index);
  }

  @Override
  public String toString() {
    return ExpressionText.format(function, arguments.stream().map(Object::toString).toList(), type);
  }

  /** Renders calls of both bound and unbound expressions the same way. */
  static final class ExpressionText {
    private ExpressionText() {}

    static String format(ScalarFunction function, List<String> arguments, DataType type) {
      return switch (function) {
        case NEGATE -> "-" + arguments.get(0);
        case NOT -> "NOT " + arguments.get(0);
        case IS_NULL, IS_NOT_NULL -> arguments.get(0) + " " + function.symbol();
        case BETWEEN ->
            arguments.get(0) + " BETWEEN " + arguments.get(1) + " AND " + arguments.get(2);
        case IN ->
            arguments.get(0)
                + " IN ("
                + String.join(", ", arguments.subList(1, arguments.size()))
                + ")";
        case CAST -> "CAST(" + arguments.get(0) + " AS " + (type == null ? "?" : type) + ")";
        case CASE -> {
          StringBuilder text = new StringBuilder("CASE");
          for (int i = 0; i + 1 < arguments.size(); i += 2) {
            text.append(" WHEN ")
                .append(arguments.get(i))
                .append(" THEN ")
                .append(arguments.get(i + 1));
          }
          if (arguments.size() % 2 == 1) {
            text.append(" ELSE ").append(arguments.get(arguments.size() - 1));
          }
          yield text.append(" END").toString();
        }
        default ->
            function.infix() && arguments.size() == 2
                ? "(" + arguments.get(0) + " " + function.symbol() + " " + arguments.get(1) + ")"
                : function.symbol()
                    + arguments.stream().collect(Collectors.joining(", ", "(", ")"));
      };
    }
  }
}
