package dev.locus.core.source.csv;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Splits RFC 4180 text into records of fields, keeping the physical line each record starts on.
 * Field characters are copied (quotes removed, doubled quotes undone) into one reusable buffer;
 * fields are ranges of it, so reading a record allocates nothing. Empty lines are skipped.
 */
final class CsvTokenizer implements AutoCloseable {
  private static final int EOF = -1;

  private final Reader reader;
  private final String file;
  private final char delimiter;
  private final char quote;
  private final String charset;

  private final char[] input = new char[64 * 1024];
  private int position;
  private int limit;
  private boolean endOfInput;

  /** Physical line of the next unread character. */
  private long line = 1;

  private char[] chars = new char[1024];
  private int length;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] quoted = new boolean[16];
  private int fieldCount;
  private long recordLine;
  private boolean started;

  CsvTokenizer(Reader reader, String file, CsvOptions options) {
    this.reader = requireNonNull(reader, "reader is null");
    this.file = requireNonNull(file, "file is null");
    this.delimiter = options.delimiter();
    this.quote = options.quote();
    this.charset = options.charset().name();
  }

  /** Reads the next record; false at the end of the input. */
  // hot path
  boolean next() {
    while (true) {
      int first = peek();
      if (first == EOF) {
        return false;
      }
      if (!started) {
        started = true;
        if (first == '\uFEFF') {
          position++; // byte-order mark
          continue;
        }
      }
      recordLine = line;
      if (first == '\n' || first == '\r') {
        consumeLineBreak(); // empty line
        continue;
      }
      fieldCount = 0;
      length = 0;
      while (true) {
        int start = length;
        boolean isQuoted = false;
        int c = peek();
        if (c == quote) {
          position++;
          isQuoted = true;
          readQuoted();
          c = peek();
          if (c != delimiter && c != '\n' && c != '\r' && c != EOF) {
            throw malformed(
                "unexpected character '"
                    + (char) c
                    + "' after the closing quote of field "
                    + (fieldCount + 1));
          }
        } else {
          c = readUnquoted();
        }
        addField(start, isQuoted);
        if (c == delimiter) {
          position++;
        } else {
          if (c != EOF) {
            consumeLineBreak();
          }
          return true;
        }
      }
    }
  }

  /** Reads unquoted characters up to (not including) a delimiter, line break or the end. */
  // hot path
  private int readUnquoted() {
    while (true) {
      if (position == limit && !fill()) {
        return EOF;
      }
      char[] buffer = input;
      int end = limit;
      int i = position;
      while (i < end) {
        char c = buffer[i];
        if (c == delimiter || c == '\n' || c == '\r') {
          append(buffer, position, i - position);
          position = i;
          return c;
        }
        i++;
      }
      append(buffer, position, end - position);
      position = end;
    }
  }

  /** Reads a quoted field's characters after the opening quote, through the closing quote. */
  private void readQuoted() {
    while (true) {
      if (position == limit && !fill()) {
        throw malformed(
            "quoted field " + (fieldCount + 1) + " is not closed at the end of the file");
      }
      char c = input[position++];
      if (c == quote) {
        if (peek() == quote) {
          position++;
          appendChar(quote);
        } else {
          return;
        }
      } else {
        if (c == '\n') {
          line++;
        } else if (c == '\r' && peek() != '\n') {
          line++;
        }
        appendChar(c);
      }
    }
  }

  private void consumeLineBreak() {
    int c = input[position++];
    if (c == '\r' && peek() == '\n') {
      position++;
    }
    line++;
  }

  private int peek() {
    if (position == limit && !fill()) {
      return EOF;
    }
    return input[position];
  }

  private boolean fill() {
    if (endOfInput) {
      return false;
    }
    try {
      int read;
      do {
        read = reader.read(input, 0, input.length);
      } while (read == 0);
      if (read < 0) {
        endOfInput = true;
        position = 0;
        limit = 0;
        return false;
      }
      position = 0;
      limit = read;
      return true;
    } catch (CharacterCodingException e) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "Malformed CSV file "
              + file
              + ": bytes that are not "
              + charset
              + " at or after line "
              + line,
          e);
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private void append(char[] source, int from, int count) {
    if (count == 0) {
      return;
    }
    if (length + count > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(length + count, chars.length * 2));
    }
    System.arraycopy(source, from, chars, length, count);
    length += count;
  }

  private void appendChar(char c) {
    if (length == chars.length) {
      chars = Arrays.copyOf(chars, chars.length * 2);
    }
    chars[length++] = c;
  }

  private void addField(int start, boolean isQuoted) {
    if (fieldCount == starts.length) {
      int size = starts.length * 2;
      starts = Arrays.copyOf(starts, size);
      ends = Arrays.copyOf(ends, size);
      quoted = Arrays.copyOf(quoted, size);
    }
    starts[fieldCount] = start;
    ends[fieldCount] = length;
    quoted[fieldCount] = isQuoted;
    fieldCount++;
  }

  LocusException malformed(String problem) {
    return new LocusException(
        ErrorCode.MALFORMED_INPUT,
        "Malformed CSV row at " + file + ":" + recordLine + ": " + problem);
  }

  int fieldCount() {
    return fieldCount;
  }

  /** The characters of the current record; field {@code i} is {@code [start(i), end(i))}. */
  char[] chars() {
    return chars;
  }

  int start(int field) {
    return starts[field];
  }

  int end(int field) {
    return ends[field];
  }

  boolean isQuoted(int field) {
    return quoted[field];
  }

  /** Whether a field is empty and unquoted: NULL. */
  boolean isNull(int field) {
    return starts[field] == ends[field] && !quoted[field];
  }

  String field(int field) {
    return new String(chars, starts[field], ends[field] - starts[field]);
  }

  /** The physical line (from 1) the current record starts on. */
  long recordLine() {
    return recordLine;
  }

  String file() {
    return file;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new LocusException(
          ErrorCode.IO_ERROR, "Cannot close CSV file " + file + ": " + e.getMessage(), e);
    }
  }
}
