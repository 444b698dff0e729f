package dev.locus.core.function;

/**
 * Two values; the output of a typed join (either side is null for an outer join's unmatched row).
 */
public record Pair<L, R>(L left, R right) {}
