package dev.locus.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.api.KeyedGroup;
import dev.locus.core.function.Pair;
import dev.locus.core.function.SerializableFunction;
import dev.locus.core.plan.FilterObjects;
import dev.locus.core.plan.MapObjects;
import dev.locus.core.plan.Values;
import dev.locus.core.type.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectBatchCodecTest {
  record Order(long id, String customer, BigDecimal amount, LocalDate date) {}

  /** A class without a no-argument constructor. */
  static final class Point {
    final int x;
    final int y;

    Point(int x, int y) {
      this.x = x;
      this.y = y;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Point point && point.x == x && point.y == y;
    }

    @Override
    public int hashCode() {
      return 31 * x + y;
    }
  }

  private final ObjectBatchCodec codec = new ObjectBatchCodec();

  @Test
  void roundTripsABatchOfMixedObjects() {
    Map<String, Integer> map = new HashMap<>();
    map.put("a", 1);
    List<Object> batch =
        Arrays.asList(
            "text",
            42,
            7L,
            null,
            new Order(1, "Ada", new BigDecimal("12.50"), LocalDate.of(2024, 2, 29)),
            new Pair<>("left", null),
            new KeyedGroup<>("k", List.of(1, 2, 3)),
            Map.entry("word", 3L),
            List.of(1, 2),
            new ArrayList<>(List.of("x")),
            map,
            new Point(3, 4),
            Collections.unmodifiableList(new ArrayList<>(List.of(1))),
            Collections.unmodifiableSet(new HashSet<>(List.of(1))),
            Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))),
            Collections.singletonList(null));

    List<Object> decoded = codec.decode(codec.encode(batch));

    assertThat(decoded).isEqualTo(batch);
  }

  @Test
  void roundTripsAnEmptyBatch() {
    assertThat(codec.decode(codec.encode(List.of()))).isEmpty();
  }

  @Test
  void roundTripsAPlanNodeWithTheLambdasItCaptures() {
    String suffix = "!";
    SerializableFunction<Object, Object> shout = value -> value + suffix;
    Values values = new Values(Schema.objects("value"), List.of(List.of("a"), List.of("b")));
    FilterObjects plan =
        new FilterObjects(new MapObjects(values, shout), value -> !value.equals("b!"));

    FilterObjects decoded = (FilterObjects) codec.decodeObject(codec.encodeObject(plan));

    MapObjects map = (MapObjects) decoded.input();
    assertThat(map.function()).isNotSameAs(shout);
    assertThat(map.function().apply("hey")).isEqualTo("hey!");
    assertThat(decoded.predicate().test("a!")).isTrue();
    assertThat(decoded.predicate().test("b!")).isFalse();
    assertThat(((Values) map.input()).rows()).isEqualTo(values.rows());
  }

  @Test
  void keepsSharedReferences() {
    List<String> shared = new ArrayList<>(List.of("a"));
    List<Object> decoded = codec.decode(codec.encode(List.of(shared, shared)));
    assertThat(decoded.get(0)).isSameAs(decoded.get(1));
  }

  @Test
  void reportsBytesThatAreNotABatch() {
    assertThatThrownBy(() -> codec.decode(new byte[] {5, 1}))
        .hasMessageStartingWith("Cannot read an object batch of 2 bytes: ");
  }
}
