package dev.locus.cli;

/** Adding and removing JVM shutdown hooks, also while the JVM is already shutting down. */
final class ShutdownHooks {
  private ShutdownHooks() {}

  /**
   * Removes a hook; false when the JVM is shutting down already (the hook runs or has run), which
   * {@link Runtime#removeShutdownHook} reports with an exception.
   */
  static boolean remove(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return false;
    }
  }
}
