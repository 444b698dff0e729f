package dev.locus.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionFormatterTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.nullable("amount", DataType.decimal(10, 2)),
          Field.nullable("qty", DataType.INT),
          Field.nullable("unit price", DataType.DOUBLE));

  @Test
  void writesColumnNamesWhereBoundExpressionsHaveIndexes() {
    RowExpression amount = new InputRef(0, DataType.decimal(10, 2));
    RowExpression qty = new InputRef(1, DataType.INT);
    FunctionCall division =
        FunctionCall.of(
            ScalarFunction.DIVIDE,
            DataType.decimal(20, 6),
            amount,
            FunctionCall.of(ScalarFunction.CAST, DataType.decimal(10, 0), qty));
    assertThat(ExpressionFormatter.format(division, SCHEMA))
        .isEqualTo("(amount / CAST(qty AS DECIMAL(10, 0)))");
    assertThat(division.toString()).isEqualTo("($0 / CAST($1 AS DECIMAL(10, 0)))");
  }

  @Test
  void quotesNamesThatAreNotPlainIdentifiers() {
    RowExpression price = new InputRef(2, DataType.DOUBLE);
    FunctionCall test =
        new FunctionCall(
            ScalarFunction.IN,
            List.of(price, new Constant(1.5, DataType.DOUBLE), Constant.nullOf(DataType.DOUBLE)),
            DataType.BOOLEAN);
    assertThat(ExpressionFormatter.format(test, SCHEMA)).isEqualTo("\"unit price\" IN (1.5, NULL)");
  }

  @Test
  void writesConstantsAsLiterals() {
    FunctionCall like =
        FunctionCall.of(
            ScalarFunction.LIKE,
            DataType.BOOLEAN,
            new Constant("it's", DataType.VARCHAR),
            new Constant("%'s", DataType.VARCHAR));
    assertThat(ExpressionFormatter.format(like, SCHEMA)).isEqualTo("('it''s' LIKE '%''s')");
  }
}
