package dev.locus.core.source.tpch;

import dev.locus.core.catalog.Catalog;
import dev.locus.core.plan.LogicalPlan;
import dev.locus.core.plan.Scan;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TPC-H tables as a catalog: schemas {@code sf0_01}, {@code sf0_1}, {@code sf1}, … (any {@code
 * sf<digits>[_<digits>]} resolves, {@code _} standing for the decimal point), and, when made with a
 * scale factor, the tables of that scale factor directly in the catalog.
 */
public final class TpchCatalog implements Catalog {
  private static final Pattern SCHEMA_NAME = Pattern.compile("sf(\\d+)(?:_(\\d+))?");
  private static final Set<String> LISTED_SCHEMAS =
      Set.of("tiny", "sf0_01", "sf0_1", "sf1", "sf10", "sf100", "sf1000");

  private final double scaleFactor;

  private TpchCatalog(double scaleFactor) {
    this.scaleFactor = scaleFactor;
  }

  /** Schemas per scale factor only. */
  public static TpchCatalog schemas() {
    return new TpchCatalog(0);
  }

  /** Schemas per scale factor, and the tables of {@code scaleFactor} directly in the catalog. */
  public static TpchCatalog atScale(double scaleFactor) {
    TpchSource.table("nation", scaleFactor); // validates the scale factor
    return new TpchCatalog(scaleFactor);
  }

  @Override
  public Set<String> tableNames() {
    return scaleFactor > 0 ? new LinkedHashSet<>(TpchSource.tableNames()) : Set.of();
  }

  @Override
  public Optional<LogicalPlan> table(String name) {
    if (scaleFactor <= 0 || !TpchSource.tableNames().contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(Scan.of(TpchSource.table(name, scaleFactor)));
  }

  @Override
  public Set<String> schemaNames() {
    return LISTED_SCHEMAS;
  }

  @Override
  public Optional<Catalog> schema(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("tiny")) {
      return Optional.of(new TpchCatalog(0.01));
    }
    Matcher matcher = SCHEMA_NAME.matcher(lower);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String text = matcher.group(1) + (matcher.group(2) == null ? "" : "." + matcher.group(2));
    double parsed = Double.parseDouble(text);
    return parsed > 0 ? Optional.of(new TpchCatalog(parsed)) : Optional.empty();
  }

  /** The scale factor of the tables directly in this catalog; 0 when there are none. */
  public double scaleFactor() {
    return scaleFactor;
  }
}
