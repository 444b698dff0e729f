package dev.locus.operators.objects;

import static dev.locus.operators.objects.OperatorRuns.run;
import static dev.locus.operators.objects.OperatorRuns.runBatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Map, FlatMap, Filter and Limit over object batches. */
class StreamingObjectOperatorsTest {
  @Test
  void mapsEachObject() {
    assertThat(
            run(
                new MapObjectsOperator(value -> ((String) value).length()),
                List.of(List.of("a", "bb"), List.of(), List.of("ccc"))))
        .containsExactly(1, 2, 3);
  }

  @Test
  void reportsAFailingMapFunctionWithTheElementAndCause() {
    MapObjectsOperator map =
        new MapObjectsOperator(
            value -> {
              throw new IllegalStateException("boom");
            });

    assertThatThrownBy(() -> run(map, List.of(List.of("x"))))
        .isInstanceOf(LocusException.class)
        .hasMessage("User function in Map failed on element 'x': IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class)
        .extracting(e -> ((LocusException) e).code())
        .isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
  }

  @Test
  void cutsLongElementsInErrorMessagesTo100Characters() {
    String longText = "y".repeat(150);
    MapObjectsOperator map =
        new MapObjectsOperator(
            value -> {
              throw new IllegalArgumentException("too long");
            });

    assertThatThrownBy(() -> run(map, List.of(List.of(longText))))
        .hasMessage(
            "User function in Map failed on element '"
                + "y".repeat(100)
                + "...': IllegalArgumentException: too long");
  }

  @Test
  void flatMapsInOrderSplittingLargeOutputsIntoBatches() {
    FlatMapObjectsOperator flatMap =
        new FlatMapObjectsOperator(
            value -> IntStream.range(0, (Integer) value).boxed().toList(), 3);

    List<List<Object>> batches = runBatches(flatMap, List.of(List.of(2, 0, 5)));

    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
    assertThat(batches.stream().flatMap(List::stream).toList())
        .containsExactly(0, 1, 0, 1, 2, 3, 4);
  }

  @Test
  void rejectsAFlatMapFunctionReturningNull() {
    FlatMapObjectsOperator flatMap = new FlatMapObjectsOperator(value -> null, 10);
    assertThatThrownBy(() -> run(flatMap, List.of(List.of("line"))))
        .hasMessage(
            "User function in FlatMap returned null for element 'line'; return an empty"
                + " collection instead");
  }

  @Test
  void reportsALazyIterableThatFailsWhileIterated() {
    FlatMapObjectsOperator flatMap =
        new FlatMapObjectsOperator(
            value ->
                () ->
                    new Iterator<Object>() {
                      @Override
                      public boolean hasNext() {
                        return true;
                      }

                      @Override
                      public Object next() {
                        throw new UnsupportedOperationException("no next");
                      }
                    },
            10);

    assertThatThrownBy(() -> run(flatMap, List.of(List.of(7))))
        .hasMessage(
            "User function in FlatMap failed on element '7': UnsupportedOperationException: no"
                + " next");
  }

  @Test
  void filtersWithAPredicateAndReportsItsFailures() {
    FilterObjectsOperator filter = new FilterObjectsOperator(value -> (Integer) value % 2 == 0);
    assertThat(run(filter, List.of(List.of(1, 2, 3, 4), List.of(5)))).containsExactly(2, 4);

    FilterObjectsOperator failing =
        new FilterObjectsOperator(
            value -> {
              if (value == null) {
                throw new NullPointerException("value is null");
              }
              return true;
            });
    assertThatThrownBy(() -> run(failing, List.of(Arrays.asList(1, null))))
        .hasMessage(
            "User function in Filter failed on element 'null': NullPointerException: value is"
                + " null");
  }

  @Test
  void limitsAcrossBatchesAfterAnOffset() {
    List<List<Object>> input =
        List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6, 7, 8), List.of(9));
    for (int offset = 0; offset <= 10; offset++) {
      for (int count = 0; count <= 10; count++) {
        List<Object> expected =
            IntStream.range(0, 10).skip(offset).limit(count).boxed().collect(Collectors.toList());
        assertThat(run(new LimitObjectsOperator(offset, count), input))
            .as("offset %d count %d", offset, count)
            .isEqualTo(expected);
      }
    }
  }
}
