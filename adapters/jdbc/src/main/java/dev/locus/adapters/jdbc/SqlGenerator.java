package dev.locus.adapters.jdbc;

import dev.locus.core.expr.AggregateFunction;
import dev.locus.core.expr.InputRef;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.plan.Aggregate;
import dev.locus.core.plan.AggregateCall;
import dev.locus.core.plan.Distinct;
import dev.locus.core.plan.Filter;
import dev.locus.core.plan.Join;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.Limit;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.plan.Scan;
import dev.locus.core.plan.Sort;
import dev.locus.core.plan.SortKey;
import dev.locus.core.plan.TopN;
import dev.locus.core.plan.Union;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pushable sub-plan (one that passed {@link PushdownAnalyzer}) as one SELECT. Operators
 * fold into the SELECT of their input while SQL's clause order allows (a Filter into WHERE, a
 * Project into the select list, an Aggregate into GROUP BY, a Sort into ORDER BY, a Limit into
 * LIMIT); otherwise the input becomes a derived table {@code (SELECT ... ) AS tN} with columns
 * {@code c0, c1, ...}. Values are {@code ?} parameters; identifiers are quoted.
 */
final class SqlGenerator {
  private final Dialect dialect;
  private final SqlExpressions expressions;
  private int aliases;

  SqlGenerator(Dialect dialect, SqlExpressions expressions) {
    this.dialect = dialect;
    this.expressions = expressions;
  }

  /** One SELECT under construction: its clauses, over the relation in {@link #from}. */
  static final class Block {
    SqlText from;
    List<SqlText> columns;

    /**
     * Per column: whether the database gives it exactly the Locus type (a table column passed
     * through, an aggregate already cast), so the final SELECT need not cast it.
     */
    List<Boolean> passThrough;

    List<SqlText> where = new ArrayList<>();

    /** Non-null when the block aggregates (empty: a global aggregate). */
    List<SqlText> groupBy;

    boolean distinct;
    List<SqlText> orderBy = List.of();

    /** The output columns the order is on, or null when it is on something else. */
    List<SortKey> orderColumns;

    long limit = -1;
    long offset;

    /** For a block reading one table directly: the table's alias, else null. */
    String tableAlias;

    JdbcSource table;

    boolean ordered() {
      return !orderBy.isEmpty();
    }
  }

  Block generate(LogicalPlan plan) {
    if (plan instanceof Scan scan) {
      JdbcSource source = (JdbcSource) scan.source();
      Block block = new Block();
      String alias = nextAlias();
      block.from = SqlText.of(source.qualifiedTableName() + " AS " + alias);
      block.columns = new ArrayList<>();
      block.passThrough = new ArrayList<>();
      for (int column : scan.columns()) {
        block.columns.add(
            SqlText.of(alias + "." + dialect.quote(source.columnNames().get(column))));
        block.passThrough.add(true);
      }
      block.tableAlias = alias;
      block.table = source;
      return block;
    }
    if (plan instanceof Filter filter) {
      Block block = generate(filter.input());
      if (block.groupBy != null || block.distinct || block.limit >= 0) {
        block = wrap(block);
      }
      block.where.add(expressions.render(filter.condition(), block.columns));
      return block;
    }
    if (plan instanceof Project project) {
      Block block = generate(project.input());
      if (block.distinct || block.limit >= 0) {
        block = wrap(block);
      }
      List<SqlText> columns = new ArrayList<>();
      List<Boolean> passThrough = new ArrayList<>();
      List<Integer> mapping = new ArrayList<>();
      for (RowExpression expression : project.expressions()) {
        columns.add(expressions.render(expression, block.columns));
        boolean ref = expression instanceof InputRef;
        passThrough.add(ref && block.passThrough.get(((InputRef) expression).index()));
        mapping.add(ref ? ((InputRef) expression).index() : -1);
      }
      block.columns = columns;
      block.passThrough = passThrough;
      if (block.orderColumns != null) {
        List<SortKey> remapped = new ArrayList<>();
        for (SortKey key : block.orderColumns) {
          int index = mapping.indexOf(key.column());
          if (index < 0) {
            remapped = null;
            break;
          }
          remapped.add(new SortKey(index, key.ascending(), key.nullsFirst()));
        }
        block.orderColumns = remapped;
      }
      return block;
    }
    if (plan instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (plan instanceof Join join) {
      return join(join);
    }
    if (plan instanceof Sort sort) {
      return sort(generate(sort.input()), sort.keys());
    }
    if (plan instanceof TopN topN) {
      Block block = sort(generate(topN.input()), topN.keys());
      block.limit = topN.count();
      return block;
    }
    if (plan instanceof Limit limit) {
      Block block = generate(limit.input());
      if (block.limit >= 0) {
        block = wrap(block);
      }
      block.limit = limit.count();
      block.offset = limit.offset();
      return block;
    }
    if (plan instanceof Distinct distinct) {
      Block block = generate(distinct.input());
      if (block.limit >= 0) {
        block = wrap(block);
      }
      block.distinct = true;
      clearOrder(block);
      return block;
    }
    if (plan instanceof Union union) {
      List<SqlText> parts = new ArrayList<>();
      for (LogicalPlan input : union.inputs()) {
        // A Union keeps no order of its inputs; an ORDER BY here would not even parse.
        Block part = wrap(generate(input));
        clearOrder(part);
        parts.add(render(part, null));
      }
      Schema schema = union.schema();
      return derived(SqlText.join(" UNION ALL ", parts), schema.size());
    }
    throw new IllegalStateException("Not pushable, so never generated: " + plan.operatorName());
  }

  private Block aggregate(Aggregate aggregate) {
    Block block = generate(aggregate.input());
    // Computed keys are grouped as columns of a derived table: databases match a select item to a
    // GROUP BY expression only when the two are written alike, and never two parameters.
    boolean computedKeys = false;
    for (int key : aggregate.groupKeys()) {
      computedKeys |= !isColumnReference(block.columns.get(key));
    }
    if (block.groupBy != null || block.distinct || block.limit >= 0 || computedKeys) {
      block = wrap(block);
    }
    clearOrder(block);
    List<SqlText> columns = new ArrayList<>();
    List<Boolean> passThrough = new ArrayList<>();
    List<SqlText> groupBy = new ArrayList<>();
    for (int key : aggregate.groupKeys()) {
      columns.add(block.columns.get(key));
      passThrough.add(block.passThrough.get(key));
      groupBy.add(block.columns.get(key));
    }
    for (AggregateCall call : aggregate.aggregates()) {
      String distinct = call.distinct() ? "DISTINCT " : "";
      SqlText argument = call.argument() < 0 ? SqlText.of("*") : block.columns.get(call.argument());
      SqlText text = SqlText.of(call.function().name() + "(" + distinct).plus(argument).plus(")");
      boolean exact =
          (call.function() == AggregateFunction.MIN || call.function() == AggregateFunction.MAX)
              && block.passThrough.get(call.argument());
      columns.add(exact ? text : expressions.cast(text, call.type()));
      // Either way the column now has exactly the aggregate's type.
      passThrough.add(true);
    }
    block.columns = columns;
    block.passThrough = passThrough;
    block.groupBy = groupBy;
    block.tableAlias = null;
    return block;
  }

  /**
   * A join. An input that reads one table with at most a WHERE joins as the table itself, its WHERE
   * moved to where it keeps its meaning (the outer WHERE for a preserved side, the ON clause for
   * the other side); any other input joins as a derived table.
   */
  private static final java.util.regex.Pattern COLUMN_REFERENCE =
      java.util.regex.Pattern.compile("t[0-9]+\\.(c[0-9]+|\"([^\"]|\"\")*\")");

  private static boolean isColumnReference(SqlText text) {
    return !text.hasParameters() && COLUMN_REFERENCE.matcher(text.text()).matches();
  }

  private Block join(Join join) {
    JoinType type = join.type();
    boolean leftInWhere = type != JoinType.RIGHT && type != JoinType.FULL;
    boolean rightInWhere = type == JoinType.INNER || type == JoinType.RIGHT;
    Block left = generate(join.left());
    if (!readsOneTable(left) || (type == JoinType.FULL && !left.where.isEmpty())) {
      left = wrap(left);
    }
    Block right = generate(join.right());
    if (!readsOneTable(right) || (type == JoinType.FULL && !right.where.isEmpty())) {
      right = wrap(right);
    }
    clearOrder(left);
    clearOrder(right);
    List<SqlText> all = new ArrayList<>(left.columns);
    all.addAll(right.columns);
    List<SqlText> conditions = new ArrayList<>();
    for (int i = 0; i < join.leftKeys().size(); i++) {
      conditions.add(
          left.columns
              .get(join.leftKeys().get(i))
              .plus(" = ")
              .plus(right.columns.get(join.rightKeys().get(i))));
    }
    if (join.hasResidual()) {
      conditions.add(expressions.render(join.residual(), all));
    }
    List<SqlText> where = new ArrayList<>();
    if (leftInWhere) {
      where.addAll(left.where);
    } else {
      conditions.addAll(left.where);
    }
    if (rightInWhere) {
      where.addAll(right.where);
    } else {
      conditions.addAll(right.where);
    }
    SqlText on = conditions.isEmpty() ? SqlText.of("1 = 1") : SqlText.join(" AND ", conditions);
    Block block = new Block();
    block.where = where;
    if (type == JoinType.SEMI || type == JoinType.ANTI) {
      block.from = left.from;
      block.columns = left.columns;
      block.passThrough = left.passThrough;
      block.where.add(
          SqlText.of(
                  type == JoinType.ANTI ? "NOT EXISTS (SELECT 1 FROM " : "EXISTS (SELECT 1 FROM ")
              .plus(right.from)
              .plus(" WHERE ")
              .plus(on)
              .plus(")"));
      return block;
    }
    String keyword =
        switch (type) {
          case INNER -> " JOIN ";
          case LEFT -> " LEFT JOIN ";
          case RIGHT -> " RIGHT JOIN ";
          default -> " FULL OUTER JOIN ";
        };
    block.from = left.from.plus(keyword).plus(right.from).plus(" ON ").plus(on);
    block.columns = all;
    List<Boolean> passThrough = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      // Outer joins make columns nullable, never change their types.
      passThrough.add(
          i < left.columns.size()
              ? left.passThrough.get(i)
              : right.passThrough.get(i - left.columns.size()));
    }
    block.passThrough = passThrough;
    return block;
  }

  private Block sort(Block input, List<SortKey> keys) {
    Block block = input.limit >= 0 || input.distinct ? wrap(input) : input;
    List<SqlText> orderBy = new ArrayList<>();
    for (SortKey key : keys) {
      orderBy.add(
          block
              .columns
              .get(key.column())
              .plus(key.ascending() ? " ASC" : " DESC")
              .plus(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"));
    }
    block.orderBy = orderBy;
    block.orderColumns = List.copyOf(keys);
    return block;
  }

  private static void clearOrder(Block block) {
    block.orderBy = List.of();
    block.orderColumns = null;
  }

  /**
   * The block as a derived table of a new block that selects all its columns. An order without a
   * limit moves out to the new block when it is on output columns (a derived table's order is not
   * kept by SQL).
   */
  private Block wrap(Block inner) {
    List<SortKey> order = null;
    if (inner.ordered() && inner.limit < 0 && inner.orderColumns != null) {
      order = inner.orderColumns;
      clearOrder(inner);
    }
    Block outer = derived(render(inner, null), inner.columns.size());
    if (order != null) {
      outer = sort(outer, order);
    }
    return outer;
  }

  private Block derived(SqlText query, int width) {
    String alias = nextAlias();
    Block block = new Block();
    block.from = SqlText.of("(").plus(query).plus(") AS " + alias);
    block.columns = new ArrayList<>();
    block.passThrough = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      block.columns.add(SqlText.of(alias + ".c" + i));
      block.passThrough.add(false);
    }
    return block;
  }

  /**
   * The block as SQL. With {@code schema} null the columns are named {@code c0, c1, ...} for an
   * enclosing query; else they are named and typed as {@code schema} says (the final result).
   */
  SqlText render(Block block, Schema schema) {
    return render(block, schema, List.of());
  }

  /** As {@link #render(Block, Schema)}, with extra WHERE conditions (the key range of a split). */
  SqlText render(Block block, Schema schema, List<SqlText> extraWhere) {
    SqlText sql = SqlText.of(block.distinct ? "SELECT DISTINCT " : "SELECT ");
    List<SqlText> items = new ArrayList<>();
    for (int i = 0; i < block.columns.size(); i++) {
      SqlText column = block.columns.get(i);
      if (schema == null) {
        items.add(column.plus(" AS c" + i));
      } else {
        DataType type = schema.type(i);
        boolean exact = block.passThrough.get(i) || type.kind() == DataType.Kind.VARCHAR;
        items.add(
            (exact ? column : expressions.cast(column, type))
                .plus(" AS " + dialect.quote(schema.field(i).name())));
      }
    }
    if (items.isEmpty()) {
      items.add(SqlText.of("1"));
    }
    sql = sql.plus(SqlText.join(", ", items)).plus(" FROM ").plus(block.from);
    List<SqlText> where = new ArrayList<>(block.where);
    where.addAll(extraWhere);
    if (!where.isEmpty()) {
      sql = sql.plus(" WHERE ").plus(SqlText.join(" AND ", where));
    }
    if (block.groupBy != null && !block.groupBy.isEmpty()) {
      sql = sql.plus(" GROUP BY ").plus(SqlText.join(", ", block.groupBy));
    }
    if (block.ordered()) {
      sql = sql.plus(" ORDER BY ").plus(SqlText.join(", ", block.orderBy));
    }
    if (block.limit >= 0) {
      sql = sql.plus(" LIMIT " + block.limit);
    }
    if (block.offset > 0) {
      sql = sql.plus(" OFFSET " + block.offset);
    }
    return sql;
  }

  /** Whether the block reads one table directly with no clause but WHERE: splittable by key. */
  static boolean readsOneTable(Block block) {
    return block.tableAlias != null
        && block.groupBy == null
        && !block.distinct
        && !block.ordered()
        && block.limit < 0;
  }

  /** The block restricted to some of its columns (in that order, repeats allowed). */
  Block select(Block block, List<Integer> columns) {
    Block selected = block.distinct ? wrap(block) : block;
    List<SqlText> texts = new ArrayList<>();
    List<Boolean> passThrough = new ArrayList<>();
    for (int column : columns) {
      texts.add(selected.columns.get(column));
      passThrough.add(selected.passThrough.get(column));
    }
    Block copy = new Block();
    copy.from = selected.from;
    copy.columns = texts;
    copy.passThrough = passThrough;
    copy.where = selected.where;
    copy.groupBy = selected.groupBy;
    copy.distinct = false;
    copy.orderBy = selected.orderBy;
    copy.orderColumns = null;
    copy.limit = selected.limit;
    copy.offset = selected.offset;
    copy.tableAlias = selected.tableAlias;
    copy.table = selected.table;
    return copy;
  }

  private String nextAlias() {
    return "t" + aliases++;
  }
}
