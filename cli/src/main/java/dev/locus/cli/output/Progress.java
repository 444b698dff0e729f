package dev.locus.cli.output;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/** Prints "step... done (1.2 s)" around a long step. */
public final class Progress {
  private final PrintStream out;

  public Progress(PrintStream out) {
    this.out = out;
  }

  public <T> T step(String description, Supplier<T> work) {
    out.print(description + "... ");
    out.flush();
    long start = System.nanoTime();
    T result = work.get();
    out.printf(Locale.ROOT, "done (%.2f s)%n", (System.nanoTime() - start) / 1e9);
    return result;
  }

  public void step(String description, Runnable work) {
    step(
        description,
        () -> {
          work.run();
          return null;
        });
  }
}
