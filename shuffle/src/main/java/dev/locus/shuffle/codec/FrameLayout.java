package dev.locus.shuffle.codec;

/** Sizes shared by the encoders and the transports: every section is padded to 8 bytes. */
public final class FrameLayout {
  private FrameLayout() {}

  public static int align8(int length) {
    return (length + 7) & ~7;
  }

  public static long align8(long length) {
    return (length + 7) & ~7L;
  }
}
