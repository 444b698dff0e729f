package dev.locus.core.function;

import java.io.Serializable;
import java.util.function.Function;

/** A function that can travel to another JVM (Kryo closure serialization). */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
