package dev.locus.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.execution.ExecutionStats;
import dev.locus.core.execution.QueryExecutor;
import dev.locus.core.execution.QueryResult;
import dev.locus.core.function.Pair;
import dev.locus.core.plan.GroupObjects;
import dev.locus.core.plan.JoinObjects;
import dev.locus.core.plan.JoinType;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.ObjectsToRows;
import dev.locus.core.plan.RowsToObjects;
import dev.locus.core.plan.SortObjects;
import dev.locus.core.plan.Values;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataSetTest {
  record Person(String name, int age) {}

  record Tagged(String name, List<String> tags) {}

  /** Answers every plan with fixed rows and remembers the plans it was given. */
  static final class FixedExecutor implements QueryExecutor {
    final List<LogicalPlan> plans = new ArrayList<>();
    List<List<Object>> rows = List.of();

    @Override
    public QueryResult execute(LogicalPlan plan) {
      plans.add(plan);
      return new QueryResult(plan.schema(), rows, new ExecutionStats(List.of(), 0));
    }

    @Override
    public int parallelism() {
      return 1;
    }

    @Override
    public void close() {}
  }

  private final FixedExecutor executor = new FixedExecutor();
  private final Locus locus = Locus.using(executor);

  @Test
  void fromCollectionMakesOneObjectRowPerItemKeepingNulls() {
    DataSet<String> words = locus.fromCollection(Arrays.asList("a", null, "b"));

    Values values = (Values) words.plan();
    assertThat(values.schema()).isEqualTo(Schema.objects("value"));
    assertThat(values.rows())
        .containsExactly(List.of("a"), Arrays.asList((Object) null), List.of("b"));
  }

  @Test
  void buildsAPlanOfObjectNodes() {
    DataSet<String> words = locus.fromCollection(List.of("a b", "c"));
    DataSet<Person> people = locus.fromCollection(List.of(new Person("a", 1)));

    DataSet<Pair<String, Person>> joined =
        words
            .flatMap(line -> List.of(line.split(" ")))
            .filter(word -> !word.isEmpty())
            .map(String::toUpperCase)
            .union(words)
            .distinct()
            .leftOuterJoin(people, word -> word, Person::name)
            .sortBy(pair -> pair.left(), false)
            .limit(10);

    assertThat(joined.explain())
        .isEqualTo(
            """
            Limit[10]  (#0, est. rows 1)
              └─ Sort[udf key DESC]  (#1, est. rows 1)
                └─ Join[LEFT, udf keys]  (#2, est. rows 1)
                  └─ Distinct  (#3, est. rows 1)
                    └─ Union[2 inputs]  (#4, est. rows 3)
                      └─ Map[udf]  (#5, est. rows 1)
                        └─ Filter[udf]  (#6, est. rows 1)
                          └─ FlatMap[udf]  (#7, est. rows 4)
                            └─ Values[2 rows] [value]  (#8, est. rows 2)
                      └─ Values[2 rows] [value]  (#9, est. rows 2)
                  └─ Values[1 rows] [value]  (#10, est. rows 1)
            """);
    JoinObjects join = (JoinObjects) ((SortObjects) joined.plan().inputs().get(0)).input();
    assertThat(join.type()).isEqualTo(JoinType.LEFT);
    assertThat(join.rightKey().apply(new Person("x", 2))).isEqualTo("x");
  }

  @Test
  void groupByKeyMakesKeyedGroups() {
    DataSet<Map.Entry<Integer, List<String>>> groups =
        locus.fromCollection(List.of("a", "bb")).groupByKey(String::length);

    GroupObjects group = (GroupObjects) groups.plan();
    assertThat(group.key().apply("abc")).isEqualTo(3);
    Object made = group.groupFunction().apply(3, List.of("abc", "xyz"));
    assertThat(made).isEqualTo(new KeyedGroup<>(3, List.of("abc", "xyz")));
    assertThat(made).isEqualTo(Map.entry(3, List.of("abc", "xyz")));
  }

  @Test
  void collectReturnsTheObjectsOfEachRow() {
    executor.rows = List.of(List.of("x"), List.of("y"));
    assertThat(locus.fromCollection(List.of("x", "y")).collect()).containsExactly("x", "y");
  }

  @Test
  void countRunsAReductionToOneNumber() {
    executor.rows = List.of(List.of(2L));
    assertThat(locus.fromCollection(List.of("x", "y")).count()).isEqualTo(2);
    assertThat(executor.plans.get(0).describe()).isEqualTo("ReduceByKey[udf]");
    executor.rows = List.of();
    assertThat(locus.fromCollection(List.<String>of()).count()).isZero();
  }

  @Test
  void toTableDerivesTheSchemaFromTheRecord() {
    Table table = locus.fromCollection(List.of(new Person("Ada", 36))).toTable(Person.class);

    assertThat(table.schema())
        .isEqualTo(
            Schema.of(
                Field.nullable("name", DataType.VARCHAR), Field.notNull("age", DataType.INT)));
    assertThat(table.plan()).isInstanceOf(ObjectsToRows.class);
  }

  @Test
  void toTableRejectsAnUnsupportedComponentWhenThePlanIsBuilt() {
    DataSet<Tagged> tagged = locus.fromCollection(List.of(new Tagged("a", List.of())));
    assertThatThrownBy(() -> tagged.toTable(Tagged.class))
        .hasMessageStartingWith(
            "Record component 'tags' of Tagged has type java.util.List<java.lang.String>, which has"
                + " no column type; supported: ");
  }

  @Test
  void tableAsReadsRowsIntoRecords() {
    Table table =
        locus.values(
            Schema.of(Field.nullable("n", DataType.VARCHAR), Field.nullable("a", DataType.INT)),
            List.of(List.of("Ada", 36)));

    DataSet<Person> people = table.as(Person.class);

    assertThat(people.plan()).isEqualTo(new RowsToObjects(table.plan(), Person.class));
  }

  @Test
  void tableAsRejectsAMismatchWhenThePlanIsBuilt() {
    Table table =
        locus.values(
            Schema.of(
                Field.nullable("name", DataType.VARCHAR),
                Field.nullable("age", DataType.decimal(10, 2))),
            List.of(List.of("Ada", new BigDecimal("36.00"))));

    assertThatThrownBy(() -> table.as(Person.class))
        .isInstanceOf(LocusException.class)
        .hasMessage(
            "Record component 'age' (int) of Person does not match column 'age' (DECIMAL(10, 2))"
                + " at position 2; a DECIMAL column is read into BigDecimal")
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatThrownBy(() -> locus.fromCollection(List.of(1)).limit(-1))
        .hasMessage("DataSet limit must be non-negative; found -1");
  }
}
