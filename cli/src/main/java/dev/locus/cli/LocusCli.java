package dev.locus.cli;

import dev.locus.core.error.LocusException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/locus}: the Locus command line. */
@Command(
    name = "locus",
    mixinStandardHelpOptions = true,
    version = "Locus 0.1.0-SNAPSHOT",
    description = "Federated, cross-platform data processing engine.",
    subcommands = {
      DemoCommand.class,
      SqlCommand.class,
      BenchCommand.class,
      CalibrateCommand.class,
      NodeCommand.class,
      SubmitCommand.class,
      JobsCommand.class,
      CancelCommand.class
    })
public final class LocusCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit status. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line, reporting a {@link LocusException} as one line of standard error. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new LocusCli());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof LocusException locus) {
            line.getErr().println("Error: " + locus.getMessage());
            return 1;
          }
          throw exception;
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
