package dev.locus.core.platform;

/**
 * What running on a platform costs, in milliseconds, as a calibration run measures it.
 *
 * @param startupMillis fixed cost of running anything there (a job submission, a connection and
 *     query round trip)
 * @param millisPerMillionRows processing cost per operator and million input rows
 * @param millisPerMillionRowsIn cost of moving a million rows into the platform (conversion from
 *     Arrow batches; 0 where the data already lives there)
 * @param millisPerMillionRowsOut cost of moving a million result rows back as Arrow batches
 */
public record PlatformCosts(
    double startupMillis,
    double millisPerMillionRows,
    double millisPerMillionRowsIn,
    double millisPerMillionRowsOut) {
  public PlatformCosts {
    if (startupMillis < 0
        || millisPerMillionRows < 0
        || millisPerMillionRowsIn < 0
        || millisPerMillionRowsOut < 0) {
      throw new IllegalArgumentException(
          "Platform costs must not be negative; found startup "
              + startupMillis
              + " ms, per million rows "
              + millisPerMillionRows
              + " ms, in "
              + millisPerMillionRowsIn
              + " ms, out "
              + millisPerMillionRowsOut
              + " ms");
    }
  }
}
