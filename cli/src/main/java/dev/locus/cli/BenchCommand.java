package dev.locus.cli;

import dev.locus.cli.bench.PlatformsBench;
import dev.locus.cli.bench.TpchBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code locus bench}: Locus side by side with another engine on the same data. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Runs benchmarks on Locus and a reference engine on the same data.",
    subcommands = {TpchBench.class, PlatformsBench.class})
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
