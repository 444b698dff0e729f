package dev.locus.adapters.jdbc;

/**
 * What the database does with one column of a pushed sub-plan beyond its type.
 *
 * @param binaryOrder whether the database orders its VARCHAR values by code point, as Locus does (a
 *     binary collation); meaningless for other types
 * @param padded whether the values are blank-padded {@code CHAR(n)} values, which databases compare
 *     ignoring trailing spaces while Locus compares the padded strings
 */
record ColumnTraits(boolean binaryOrder, boolean padded) {
  static final ColumnTraits PLAIN_BINARY = new ColumnTraits(true, false);
  static final ColumnTraits PLAIN_COLLATED = new ColumnTraits(false, false);

  static ColumnTraits computed(boolean binaryOrder) {
    return binaryOrder ? PLAIN_BINARY : PLAIN_COLLATED;
  }
}
