package dev.locus.core.expr;

import static java.util.Objects.requireNonNull;

import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders bound expressions for messages, with column names instead of {@code $index}: {@code
 * (amount / qty)} rather than {@code ($2 / $3)}. Calls are written as {@link FunctionCall#toString}
 * writes them.
 */
public final class ExpressionFormatter {
  private ExpressionFormatter() {}

  /** The expression with each input reference written as the name of its column. */
  public static String format(RowExpression expression, Schema inputSchema) {
    requireNonNull(expression, "expression is null");
    requireNonNull(inputSchema, "inputSchema is null");
    return render(expression, inputSchema);
  }

  private static String render(RowExpression expression, Schema inputSchema) {
    if (expression instanceof InputRef ref) {
      if (ref.index() >= inputSchema.size()) {
        return ref.toString();
      }
      return columnName(inputSchema.field(ref.index()).name());
    }
    if (expression instanceof Constant constant) {
      return constant.toString();
    }
    FunctionCall call = (FunctionCall) expression;
    List<String> arguments = new ArrayList<>(call.arguments().size());
    for (RowExpression argument : call.arguments()) {
      arguments.add(render(argument, inputSchema));
    }
    return FunctionCall.ExpressionText.format(call.function(), arguments, call.type());
  }

  /** A plain identifier as is; any other name in double quotes, as SQL quotes it. */
  private static String columnName(String name) {
    boolean plain = !name.isEmpty() && isIdentifierStart(name.charAt(0));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = isIdentifierStart(name.charAt(i)) || Character.isDigit(name.charAt(i));
    }
    return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  private static boolean isIdentifierStart(char c) {
    return Character.isLetter(c) || c == '_';
  }
}
