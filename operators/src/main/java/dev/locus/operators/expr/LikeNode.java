package dev.locus.operators.expr;

import dev.locus.core.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@code value LIKE 'pattern'} with {@code %} (any characters) and {@code _} (one character), no
 * escape, case-sensitive. The pattern is analyzed once: exact, prefix ({@code 'abc%'}), suffix
 * ({@code '%abc'}) and infix ({@code '%abc%'}) patterns compare bytes directly; others run a
 * backtracking matcher over the UTF-8 bytes that steps {@code _} and {@code %} by whole characters.
 */
final class LikeNode extends Node {
  private enum Shape {
    EXACT,
    PREFIX,
    SUFFIX,
    INFIX,
    GENERAL
  }

  private static final byte ANY = '%';
  private static final byte ONE = '_';

  private final Node value;
  private final Shape shape;

  /** The literal of the fast shapes, or the whole pattern (with %% collapsed) for GENERAL. */
  private final byte[] literal;

  LikeNode(Node value, String pattern) {
    super(DataType.BOOLEAN);
    this.value = value;
    String collapsed = pattern;
    while (collapsed.contains("%%")) {
      collapsed = collapsed.replace("%%", "%");
    }
    boolean hasOne = collapsed.indexOf('_') >= 0;
    String inner = collapsed;
    boolean leading = inner.startsWith("%");
    if (leading) {
      inner = inner.substring(1);
    }
    boolean trailing = inner.endsWith("%");
    if (trailing) {
      inner = inner.substring(0, inner.length() - 1);
    }
    if (!hasOne && inner.indexOf('%') < 0) {
      shape =
          leading && trailing
              ? Shape.INFIX
              : leading ? Shape.SUFFIX : trailing ? Shape.PREFIX : Shape.EXACT;
      literal = inner.getBytes(StandardCharsets.UTF_8);
    } else {
      shape = Shape.GENERAL;
      literal = collapsed.getBytes(StandardCharsets.UTF_8);
    }
  }

  @Override
  Operand evaluate(EvalContext context, long[] mask) {
    try (Operand a = value.evaluate(context, mask)) {
      int rows = context.rowCount;
      long[] valid = Bitmaps.validity(a, rows);
      long[] matches = new long[valid.length];
      long offsets = Memory.address(a.vector.getOffsetBuffer());
      long data = Memory.address(a.vector.getDataBuffer());
      int m = a.rowMask;
      int k = literal.length;
      byte[] scratch = new byte[Math.max(64, k)];
      for (int i = Bitmaps.next(valid, 0); i >= 0; i = Bitmaps.next(valid, i + 1)) {
        long index = (long) (i & m) << 2;
        int start = Memory.getInt(offsets + (index));
        int end = Memory.getInt(offsets + (index + 4));
        int length = end - start;
        boolean match;
        switch (shape) {
          case EXACT -> match = length == k && equalsLiteral(data + start, scratch);
          case PREFIX -> match = length >= k && equalsLiteral(data + start, scratch);
          case SUFFIX -> match = length >= k && equalsLiteral(data + end - k, scratch);
          default -> {
            if (length > scratch.length) {
              scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            Memory.copy(data + start, scratch, 0, length);
            match =
                shape == Shape.INFIX
                    ? indexOf(scratch, length, literal) >= 0
                    : matches(scratch, length, literal);
          }
        }
        if (match) {
          matches[i >>> 6] |= 1L << i;
        }
      }
      return Operand.owned(Results.booleans(matches, valid, context));
    }
  }

  /** Whether the {@code literal.length} bytes at an address are the literal. */
  private boolean equalsLiteral(long address, byte[] scratch) {
    int k = literal.length;
    Memory.copy(address, scratch, 0, k);
    return Arrays.equals(scratch, 0, k, literal, 0, k);
  }

  // hot path
  static int indexOf(byte[] text, int length, byte[] literal) {
    int k = literal.length;
    if (k == 0) {
      return 0;
    }
    byte first = literal[0];
    for (int i = 0, last = length - k; i <= last; i++) {
      if (text[i] == first) {
        int j = 1;
        while (j < k && text[i + j] == literal[j]) {
          j++;
        }
        if (j == k) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Glob matching with one backtrack point (the last {@code %}), linear in practice. Positions
   * advance by whole UTF-8 characters at wildcards, so a literal always starts at a character.
   */
  // hot path
  static boolean matches(byte[] text, int length, byte[] pattern) {
    int p = 0;
    int s = 0;
    int starPattern = -1;
    int starText = 0;
    int patternLength = pattern.length;
    while (s < length) {
      if (p < patternLength && pattern[p] == ONE) {
        p++;
        s = nextCharacter(text, s, length);
      } else if (p < patternLength && pattern[p] == ANY) {
        starPattern = p++;
        starText = s;
      } else if (p < patternLength && pattern[p] == text[s]) {
        p++;
        s++;
      } else if (starPattern >= 0) {
        p = starPattern + 1;
        starText = nextCharacter(text, starText, length);
        s = starText;
      } else {
        return false;
      }
    }
    while (p < patternLength && pattern[p] == ANY) {
      p++;
    }
    return p == patternLength;
  }

  private static int nextCharacter(byte[] text, int position, int length) {
    int next = position + 1;
    while (next < length && (text[next] & 0xC0) == 0x80) {
      next++;
    }
    return next;
  }
}
