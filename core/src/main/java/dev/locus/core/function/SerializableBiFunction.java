package dev.locus.core.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/** A two-argument function that can travel to another JVM. */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {}
