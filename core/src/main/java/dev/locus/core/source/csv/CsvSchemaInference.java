package dev.locus.core.source.csv;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import dev.locus.core.type.Field;
import dev.locus.core.type.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Infers a CSV file's schema from its header and first rows (rules in {@link CsvSource}). */
final class CsvSchemaInference {
  /** Most digits of an inferred DECIMAL: its values fit in 64-bit unscaled arithmetic. */
  static final int MAX_INFERRED_PRECISION = 18;

  private CsvSchemaInference() {}

  static Schema infer(Path file, CsvOptions options, int sampleRows) {
    try (CsvTokenizer tokenizer = CsvSource.open(file, options)) {
      if (!tokenizer.next()) {
        throw new LocusException(
            ErrorCode.MALFORMED_INPUT,
            "CSV file "
                + file
                + " is empty; "
                + (options.header()
                    ? "expected a header line"
                    : "cannot infer a schema without rows")
                + " (or declare the schema)");
      }
      int width = tokenizer.fieldCount();
      List<String> names = new ArrayList<>(width);
      ColumnGuess[] guesses = new ColumnGuess[width];
      for (int i = 0; i < width; i++) {
        names.add(options.header() ? columnName(tokenizer.field(i), i) : columnName("", i));
        guesses[i] = new ColumnGuess();
      }
      boolean hasRow = !options.header();
      for (int row = 0; row < sampleRows && (hasRow || tokenizer.next()); row++) {
        hasRow = false;
        if (tokenizer.fieldCount() != width) {
          throw tokenizer.malformed(
              "expected " + width + " fields, found " + tokenizer.fieldCount());
        }
        char[] chars = tokenizer.chars();
        for (int i = 0; i < width; i++) {
          int start = tokenizer.start(i);
          int end = tokenizer.end(i);
          if (start < end) {
            guesses[i].observe(chars, start, end);
          }
        }
      }
      List<Field> fields = new ArrayList<>(width);
      for (int i = 0; i < width; i++) {
        fields.add(Field.nullable(names.get(i), guesses[i].type()));
      }
      return new Schema(fields);
    }
  }

  /** A header name, or {@code column<n>} (from 1) for a blank one. */
  static String columnName(String header, int index) {
    return header.isBlank() ? "column" + (index + 1) : header;
  }

  /** The types a column's values so far all fit. */
  private static final class ColumnGuess {
    private int values;
    private boolean bigint = true;
    private boolean decimal = true;
    private boolean date = true;
    private boolean timestamp = true;
    private boolean bool = true;
    private int maxIntegerDigits;
    private int maxScale;

    void observe(char[] chars, int start, int end) {
      values++;
      if (bigint) {
        try {
          CsvValues.parseLong(chars, start, end);
        } catch (CsvValues.InvalidValue e) {
          bigint = false;
        }
      }
      if (decimal) {
        long shape = CsvValues.decimalShape(chars, start, end);
        if (shape < 0) {
          decimal = false;
        } else {
          maxIntegerDigits = Math.max(maxIntegerDigits, (int) (shape >>> 32));
          maxScale = Math.max(maxScale, (int) shape);
        }
      }
      date = date && CsvValues.isDate(chars, start, end);
      timestamp = timestamp && CsvValues.isTimestamp(chars, start, end);
      bool = bool && CsvValues.isBoolean(chars, start, end);
    }

    DataType type() {
      if (values == 0) {
        return DataType.VARCHAR;
      }
      if (bigint) {
        return DataType.BIGINT;
      }
      if (decimal && maxIntegerDigits + maxScale <= MAX_INFERRED_PRECISION) {
        return DataType.decimal(MAX_INFERRED_PRECISION, maxScale);
      }
      if (date) {
        return DataType.DATE;
      }
      if (timestamp) {
        return DataType.TIMESTAMP;
      }
      if (bool) {
        return DataType.BOOLEAN;
      }
      return DataType.VARCHAR;
    }
  }
}
