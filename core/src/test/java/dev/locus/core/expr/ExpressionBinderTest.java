package dev.locus.core.expr;

import static dev.locus.core.expr.Expressions.col;
import static dev.locus.core.expr.Expressions.date;
import static dev.locus.core.expr.Expressions.decimal;
import static dev.locus.core.expr.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExpressionBinderTest {
  private static final Schema SCHEMA =
      Schema.of(
          Field.notNull("id", DataType.BIGINT),
          Field.nullable("amount", DataType.decimal(15, 2)),
          Field.nullable("qty", DataType.INT),
          Field.nullable("name", DataType.VARCHAR),
          Field.nullable("ts", DataType.DATE));

  @Test
  void reportsUnknownColumnWithAvailableColumns() {
    assertThatThrownBy(() -> ExpressionBinder.bind(col("amout").gt(1), SCHEMA, "Filter"))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Column 'amout' not found in Filter; available columns: [id, amount, qty, name, ts]")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
  }

  @Test
  void resolvesColumnsCaseInsensitively() {
    assertThat(ExpressionBinder.bind(col("AMOUNT"), SCHEMA, "Project"))
        .isEqualTo(new InputRef(1, DataType.decimal(15, 2)));
  }

  @Test
  void rejectsArithmeticOnStrings() {
    assertThatThrownBy(() -> ExpressionBinder.bind(col("name").plus(1), SCHEMA, "Project"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Type mismatch in Project: + expects a number; found VARCHAR in (name + 1)");
  }

  @Test
  void rejectsComparingStringWithNumber() {
    assertThatThrownBy(() -> ExpressionBinder.bind(col("name").gt(col("qty")), SCHEMA, "Filter"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Type mismatch in Filter: cannot combine VARCHAR and INT in (name > qty)");
  }

  @Test
  void rejectsNonBooleanCondition() {
    assertThatThrownBy(() -> ExpressionBinder.bindCondition(col("qty"), SCHEMA, "Filter"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Condition of Filter must be BOOLEAN; found INT in qty");
  }

  @Test
  void derivesDecimalResultTypes() {
    RowExpression product =
        ExpressionBinder.bind(col("amount").times(lit(1).minus(decimal("0.05"))), SCHEMA, "P");
    // 1 - 0.05: INT as DECIMAL(10, 0) minus DECIMAL(2, 2) -> DECIMAL(13, 2); times DECIMAL(15, 2).
    assertThat(product.type()).isEqualTo(DataType.decimal(28, 4));
    RowExpression sum = ExpressionBinder.bind(col("amount").plus(decimal("0.125")), SCHEMA, "P");
    assertThat(sum.type()).isEqualTo(DataType.decimal(17, 3));
    FunctionCall call = (FunctionCall) sum;
    assertThat(call.argument(0).type()).isEqualTo(DataType.decimal(16, 3));
    assertThat(call.argument(1))
        .isEqualTo(new Constant(new BigDecimal("0.125"), DataType.decimal(3, 3)));
    RowExpression quotient = ExpressionBinder.bind(col("amount").div(col("qty")), SCHEMA, "P");
    assertThat(quotient.type()).isEqualTo(DataType.decimal(38, 6));
  }

  @Test
  void widensIntegersAndConvertsLiteralsAtBindTime() {
    RowExpression comparison = ExpressionBinder.bind(col("qty").lt(col("id")), SCHEMA, "Filter");
    FunctionCall call = (FunctionCall) comparison;
    assertThat(call.argument(0))
        .isEqualTo(
            FunctionCall.of(ScalarFunction.CAST, DataType.BIGINT, new InputRef(2, DataType.INT)));
    RowExpression literal = ExpressionBinder.bind(col("id").eq(lit(5)), SCHEMA, "Filter");
    assertThat(((FunctionCall) literal).argument(1)).isEqualTo(new Constant(5L, DataType.BIGINT));
  }

  @Test
  void rewritesBetweenIntoComparisons() {
    RowExpression between =
        ExpressionBinder.bind(
            col("ts").between(date("1994-01-01"), "1994-12-31"), SCHEMA, "Filter");
    assertThat(between.toString())
        .isEqualTo("(($4 >= DATE '1994-01-01') AND ($4 <= DATE '1994-12-31'))");
    FunctionCall and = (FunctionCall) between;
    assertThat(((FunctionCall) and.argument(1)).argument(1))
        .isEqualTo(new Constant(LocalDate.of(1994, 12, 31), DataType.DATE));
  }

  @Test
  void reportsUnparsableLiteralCast() {
    assertThatThrownBy(() -> ExpressionBinder.bind(col("ts").eq("yesterday"), SCHEMA, "Filter"))
        .isInstanceOf(LocusException.class)
        .hasMessage("Cannot cast 'yesterday' to DATE in Filter: (ts = 'yesterday')");
  }

  @Test
  void typesCaseByItsBranches() {
    RowExpression expression =
        ExpressionBinder.bind(
            Expressions.when(col("qty").gt(3), col("amount")).otherwise(0), SCHEMA, "Project");
    assertThat(expression.type()).isEqualTo(DataType.decimal(15, 2));
    assertThat(((FunctionCall) expression).arguments()).hasSize(3);
  }

  @Test
  void foldsDateArithmeticOnLiterals() {
    RowExpression bound =
        ExpressionBinder.bind(
            col("ts").le(Expressions.addDays(date("1998-12-01"), -90)), SCHEMA, "Filter");
    assertThat(((FunctionCall) bound).argument(1))
        .isEqualTo(new Constant(LocalDate.of(1998, 9, 2), DataType.DATE));
    RowExpression months =
        ExpressionBinder.bind(Expressions.addMonths(date("1996-01-31"), 1), SCHEMA, "Project");
    assertThat(months).isEqualTo(new Constant(LocalDate.of(1996, 2, 29), DataType.DATE));
    RowExpression perRow = ExpressionBinder.bind(Expressions.addYears(col("ts"), 1), SCHEMA, "P");
    assertThat(perRow).isInstanceOf(FunctionCall.class);
  }
}
