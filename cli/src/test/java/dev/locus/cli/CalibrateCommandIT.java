package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.core.platform.PlatformCosts;
import dev.locus.costmodel.CostCalibration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalibrateCommandIT {
  @TempDir Path directory;

  @Test
  void measuresTheNativeEngineAndStoresWhatTheOptimizerReads() throws Exception {
    Path file = directory.resolve("costs.properties");
    CommandLine commandLine = new CommandLine(new LocusCli());
    StringWriter out = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));

    int exitCode =
        commandLine.execute(
            "calibrate",
            "--rows",
            "20000",
            "--runs",
            "1",
            "--platforms",
            "native,jdbc",
            "--output",
            file.toString());

    assertThat(exitCode).isZero();
    assertThat(Files.readString(file)).contains("native.startupMillis=");
    PlatformCosts costs = CostCalibration.load(file).costs("native").orElseThrow();
    assertThat(costs.startupMillis()).isPositive();
    assertThat(costs.millisPerMillionRows()).isPositive();
    PlatformCosts database = CostCalibration.load(file).costs("jdbc").orElseThrow();
    assertThat(database.millisPerMillionRowsOut()).isPositive();
    assertThat(CostCalibration.load(file).costs("spark")).isEmpty();
  }

  @Test
  void tooFewRowsIsAnError() {
    CommandLine commandLine = LocusCli.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));

    int exitCode = commandLine.execute("calibrate", "--rows", "10");

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).contains("Calibration needs at least 1000 rows; found 10");
  }
}
