package dev.locus.shuffle;

/**
 * One stream of batches into an exchange: what one attempt of one producer task sends to one
 * consumer partition. A re-run of a task is a new attempt and so a new stream; the consumer reads
 * only the attempt it accepts and discards the others.
 */
public record StreamId(int producer, int attempt, int consumer) {
  public StreamId {
    if (producer < 0 || attempt < 0 || consumer < 0) {
      throw new IllegalArgumentException(
          "producer, attempt and consumer must be >= 0; found "
              + producer
              + ", "
              + attempt
              + ", "
              + consumer);
    }
  }

  @Override
  public String toString() {
    return "producer " + producer + " attempt " + attempt + " -> consumer " + consumer;
  }
}
