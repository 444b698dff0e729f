package dev.locus.sql;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.catalog.SqlFrontEnd;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.expr.ExpressionBinder;
import dev.locus.core.expr.RowExpression;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Project;
import dev.locus.core.type.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;

/**
 * SQL through Apache Calcite: parse, validate, turn subqueries into joins (decorrelation), push
 * filters down and order joins with Calcite's rules, then translate the relational tree into a
 * Locus logical plan. Calcite never runs a row; Locus executes the plan.
 */
public final class CalciteSqlFrontEnd implements SqlFrontEnd {
  private static final HepProgram SUBQUERIES =
      new HepProgramBuilder()
          .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
          .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
          .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
          .build();

  private static final HepProgram SIMPLIFY =
      new HepProgramBuilder()
          .addRuleCollection(
              List.of(
                  CoreRules.INTERSECT_TO_DISTINCT,
                  CoreRules.MINUS_TO_DISTINCT,
                  CoreRules.FILTER_INTO_JOIN,
                  CoreRules.JOIN_CONDITION_PUSH,
                  CoreRules.FILTER_PROJECT_TRANSPOSE,
                  CoreRules.FILTER_AGGREGATE_TRANSPOSE,
                  CoreRules.FILTER_SET_OP_TRANSPOSE,
                  CoreRules.FILTER_MERGE,
                  CoreRules.PROJECT_MERGE,
                  CoreRules.PROJECT_REMOVE,
                  CoreRules.AGGREGATE_PROJECT_MERGE))
          .build();

  private static final HepProgram MULTI_JOINS =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
          .build();

  /** For the multi-joins {@link GreedyJoinOrder} leaves (those with outer joins). */
  private static final HepProgram JOIN_ORDER =
      new HepProgramBuilder().addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE).build();

  private static final HepProgram CLEAN_UP =
      new HepProgramBuilder()
          .addRuleCollection(
              List.of(
                  CoreRules.FILTER_INTO_JOIN,
                  CoreRules.JOIN_CONDITION_PUSH,
                  CoreRules.JOIN_PUSH_EXPRESSIONS,
                  CoreRules.FILTER_PROJECT_TRANSPOSE,
                  CoreRules.FILTER_MERGE,
                  CoreRules.PROJECT_MERGE,
                  CoreRules.PROJECT_REMOVE))
          .build();

  @Override
  public LogicalPlan plan(String sql, Catalog root) {
    Planner planner = Frameworks.getPlanner(config(root));
    try {
      SqlNode parsed = parse(planner, sql);
      SqlNode validated = validate(planner, parsed, root);
      RelRoot relRoot = planner.rel(validated);
      RelNode optimized = optimize(relRoot.rel);
      LogicalPlan plan =
          new RelTranslator(optimized.getCluster().getRexBuilder()).translate(optimized);
      return finalProject(plan, relRoot.fields);
    } catch (RelConversionException e) {
      throw new LocusException(
          ErrorCode.NOT_SUPPORTED, "SQL query could not be planned: " + e.getMessage(), e);
    } finally {
      planner.close();
    }
  }

  /** The plan Calcite's rules made, for tests and debugging. */
  static String calcitePlan(RelNode node) {
    return RelOptUtil.toString(node);
  }

  private static FrameworkConfig config(Catalog root) {
    // Without Calcite's schema cache, a table is looked up by name alone instead of loading every
    // table of its schema, so one unreadable table fails only the queries that name it.
    SchemaPlus rootSchema =
        org.apache.calcite.jdbc.CalciteSchema.createRootSchema(false, false).plus();
    CatalogSchema schema = new CatalogSchema(root);
    for (var table : schema.getTableMap().entrySet()) {
      rootSchema.add(table.getKey(), table.getValue());
    }
    for (var sub : schema.getSubSchemaMap().entrySet()) {
      rootSchema.add(sub.getKey(), sub.getValue());
    }
    return Frameworks.newConfigBuilder()
        .defaultSchema(rootSchema)
        .parserConfig(
            SqlParser.config()
                .withCaseSensitive(false)
                .withUnquotedCasing(Casing.TO_LOWER)
                .withQuotedCasing(Casing.UNCHANGED)
                .withConformance(SqlConformanceEnum.LENIENT))
        .sqlValidatorConfig(
            SqlValidator.Config.DEFAULT
                .withConformance(SqlConformanceEnum.LENIENT)
                .withIdentifierExpansion(true))
        .sqlToRelConverterConfig(
            SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(true))
        .typeSystem(LocusTypeSystem.INSTANCE)
        .build();
  }

  private static SqlNode parse(Planner planner, String sql) {
    try {
      return planner.parse(sql);
    } catch (SqlParseException e) {
      var position = e.getPos();
      String message = firstLine(e.getMessage());
      throw new LocusException(
          ErrorCode.SYNTAX_ERROR,
          "SQL syntax error at line "
              + position.getLineNum()
              + ", column "
              + position.getColumnNum()
              + ": "
              + message,
          e);
    }
  }

  private static SqlNode validate(Planner planner, SqlNode parsed, Catalog root) {
    try {
      return planner.validate(parsed);
    } catch (ValidationException e) {
      throw SqlErrors.fromValidation(e, parsed, root);
    }
  }

  private static RelNode optimize(RelNode rel) {
    RelNode withoutSubqueries = run(SUBQUERIES, rel).accept(new ExistsToSemiJoin());
    RelBuilder relBuilder =
        RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(rel.getCluster(), null);
    RelNode decorrelated = RelDecorrelator.decorrelateQuery(withoutSubqueries, relBuilder);
    RelNode simplified = run(SIMPLIFY, decorrelated.accept(new PullCommonFactors()));
    RelNode ordered = run(JOIN_ORDER, run(MULTI_JOINS, simplified).accept(new GreedyJoinOrder()));
    return run(CLEAN_UP, ordered);
  }

  private static RelNode run(HepProgram program, RelNode rel) {
    HepPlanner planner = new HepPlanner(program);
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  /** Selects and names the query's output columns as the query wrote them. */
  private static LogicalPlan finalProject(
      LogicalPlan plan, List<Map.Entry<Integer, String>> fields) {
    Schema schema = plan.schema();
    boolean identity = fields.size() == schema.size();
    for (int i = 0; identity && i < fields.size(); i++) {
      identity =
          fields.get(i).getKey() == i && fields.get(i).getValue().equals(schema.field(i).name());
    }
    if (identity) {
      return plan;
    }
    Schema positional = RexTranslator.positional(schema);
    List<RowExpression> expressions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Map.Entry<Integer, String> field : fields) {
      expressions.add(
          ExpressionBinder.bind(RexTranslator.column(field.getKey()), positional, "Project"));
      names.add(field.getValue());
    }
    return new Project(plan, expressions, names);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
