package dev.locus.cli;

import dev.locus.cli.calibrate.Calibrator;
import dev.locus.costmodel.CostCalibration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locus calibrate}: measures each platform's costs on this machine for the optimizer. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Measures start-up, per-row and transfer costs of the native engine and of every platform"
            + " that starts (jdbc, spark, flink) on this machine, and stores them for the"
            + " optimizer.")
final class CalibrateCommand implements Callable<Integer> {
  @Option(
      names = "--rows",
      description = "Rows of the measured queries (default: ${DEFAULT-VALUE}).",
      defaultValue = "1000000")
  long rows;

  @Option(
      names = "--runs",
      description = "Timed runs per measurement; the median counts (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int runs;

  @Option(
      names = "--platforms",
      split = ",",
      paramLabel = "NAME",
      description = "Platforms to measure, comma-separated (default: native and every platform).")
  java.util.List<String> platforms;

  @Option(
      names = "--output",
      description = "Where the costs are stored (default: ~/.locus/costs.properties).")
  Path output;

  @Override
  public Integer call() {
    Path file = output != null ? output : CostCalibration.defaultFile();
    CostCalibration calibration =
        new Calibrator(rows, runs, platforms, System.err).calibrate(CostCalibration.load(file));
    calibration.save(file);
    System.out.println("Costs stored in " + file);
    return 0;
  }
}
