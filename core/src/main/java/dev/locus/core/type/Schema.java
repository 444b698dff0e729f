package dev.locus.core.type;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The ordered columns of a relation. Names are matched exactly first, then case-insensitively (as
 * SQL matches unquoted identifiers). Duplicate names are allowed (a join of two tables with an
 * {@code id} column each); looking up an ambiguous name is an error.
 */
public record Schema(List<Field> fields) {
  public Schema {
    fields = List.copyOf(requireNonNull(fields, "fields is null"));
  }

  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  /** A schema of one OBJECT column: the rows of a typed {@code DataSet}. */
  public static Schema objects(String name) {
    return of(Field.nullable(name, DataType.OBJECT));
  }

  public boolean isObjects() {
    return fields.size() == 1 && fields.get(0).type().kind() == DataType.Kind.OBJECT;
  }

  public int size() {
    return fields.size();
  }

  public Field field(int index) {
    return fields.get(index);
  }

  public DataType type(int index) {
    return fields.get(index).type();
  }

  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /** The index of a column, when exactly one column has that name. */
  public OptionalInt find(String name) {
    int exact = -1;
    int insensitive = -1;
    int insensitiveCount = 0;
    for (int i = 0; i < fields.size(); i++) {
      String candidate = fields.get(i).name();
      if (candidate.equals(name)) {
        if (exact >= 0) {
          return OptionalInt.empty();
        }
        exact = i;
      } else if (candidate.equalsIgnoreCase(name)) {
        insensitive = i;
        insensitiveCount++;
      }
    }
    if (exact >= 0) {
      return OptionalInt.of(exact);
    }
    return insensitiveCount == 1 ? OptionalInt.of(insensitive) : OptionalInt.empty();
  }

  /**
   * The index of a column, or an error naming the column, the operator that asked for it, and the
   * columns there are.
   */
  public int indexOf(String name, String operator) {
    OptionalInt index = find(name);
    if (index.isPresent()) {
      return index.getAsInt();
    }
    long matches = fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).count();
    if (matches > 1) {
      throw new LocusException(
          ErrorCode.COLUMN_NOT_FOUND,
          "Column '" + name + "' is ambiguous in " + operator + "; available columns: " + names());
    }
    throw new LocusException(
        ErrorCode.COLUMN_NOT_FOUND,
        "Column '" + name + "' not found in " + operator + "; available columns: " + names());
  }

  /** This schema followed by another's columns. */
  public Schema concat(Schema other) {
    List<Field> all = new ArrayList<>(fields);
    all.addAll(other.fields);
    return new Schema(all);
  }

  public Schema asNullable() {
    return new Schema(fields.stream().map(Field::asNullable).toList());
  }

  public org.apache.arrow.vector.types.pojo.Schema toArrow() {
    return new org.apache.arrow.vector.types.pojo.Schema(
        fields.stream().map(Field::toArrow).toList());
  }

  public static Schema fromArrow(org.apache.arrow.vector.types.pojo.Schema arrowSchema) {
    return new Schema(
        arrowSchema.getFields().stream()
            .map(
                field ->
                    new Field(
                        field.getName(), DataType.fromArrow(field.getType()), field.isNullable()))
            .toList());
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
