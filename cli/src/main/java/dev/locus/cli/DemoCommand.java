package dev.locus.cli;

import dev.locus.cli.demo.RestockDemo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code locus demo}: the restock-suggestions job over an H2 database, CSV files and tpch. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Joins store sales in an H2 database with inventory CSV files and a product catalog"
            + " (TPC-H parts) into restock suggestions; prints the plan, the result and what each"
            + " operator measured.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      description = "Where the demo data is generated (default: ${DEFAULT-VALUE}).",
      defaultValue = "${java.io.tmpdir}/locus-demo")
  Path dataDirectory;

  @Option(
      names = "--sales",
      description = "Number of sales rows to generate (default: ${DEFAULT-VALUE}).",
      defaultValue = "300000")
  int salesRows;

  @Option(
      names = "--parallelism",
      description = "Partitions per stage (default: the number of cores).")
  Integer parallelism;

  @Override
  public Integer call() {
    new RestockDemo(dataDirectory, salesRows, parallelism, System.out).run();
    return 0;
  }
}
