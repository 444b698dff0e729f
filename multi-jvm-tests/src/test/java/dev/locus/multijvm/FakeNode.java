package dev.locus.multijvm;

import java.lang.management.ManagementFactory;

/**
 * A stand-in for a node, to test the harness without a cluster: prints a node's up line and its JVM
 * flags, then a tick every 20 ms until it is killed; on SIGTERM it says goodbye. With the argument
 * {@code fail} it ends with exit code 3 before coming up.
 */
public final class FakeNode {
  private FakeNode() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("fail")) {
      System.err.println("fake node cannot start: asked to fail");
      System.exit(3);
    }
    String site = args.length > 0 ? args[0] : "a";
    System.out.println("JVM flags: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.println("leaving the cluster gracefully")));
    System.out.println(
        "Locus node 127.0.0.1:"
            + ProcessHandle.current().pid()
            + " up in site "
            + site
            + "; HTTP API at http://127.0.0.1:1");
    for (long tick = 0; ; tick++) {
      System.out.println("tick " + tick);
      System.err.println("stderr tick " + tick);
      Thread.sleep(20);
    }
  }
}
