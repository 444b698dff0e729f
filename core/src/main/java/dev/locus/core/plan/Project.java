package dev.locus.core.plan;

import static java.util.Objects.requireNonNull;

import dev.locus.core.expr.RowExpression;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/** Computes one output column per expression, named by {@code names}. */
public record Project(LogicalPlan input, List<RowExpression> expressions, List<String> names)
    implements LogicalPlan {
  public Project {
    requireNonNull(input, "input is null");
    expressions = List.copyOf(requireNonNull(expressions, "expressions is null"));
    names = List.copyOf(requireNonNull(names, "names is null"));
    if (expressions.size() != names.size()) {
      throw new IllegalArgumentException(
          "Project needs one name per expression; found "
              + expressions.size()
              + " expressions and "
              + names.size()
              + " names");
    }
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>(expressions.size());
    Schema inputSchema = input.schema();
    for (int i = 0; i < expressions.size(); i++) {
      RowExpression expression = expressions.get(i);
      boolean nullable =
          !(expression instanceof dev.locus.core.expr.InputRef ref)
              || inputSchema.field(ref.index()).nullable();
      fields.add(new Field(names.get(i), expression.type(), nullable));
    }
    return new Schema(fields);
  }

  @Override
  public List<LogicalPlan> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalPlan withInputs(List<LogicalPlan> inputs) {
    return new Project(inputs.get(0), expressions, names);
  }

  @Override
  public String describe() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < expressions.size(); i++) {
      String text = expressions.get(i).toString();
      items.add(text.equals(names.get(i)) ? text : text + " AS " + names.get(i));
    }
    return "Project" + items;
  }
}
