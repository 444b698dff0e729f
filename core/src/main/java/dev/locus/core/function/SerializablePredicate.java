package dev.locus.core.function;

import java.io.Serializable;
import java.util.function.Predicate;

/** A predicate that can travel to another JVM. */
@FunctionalInterface
public interface SerializablePredicate<T> extends Predicate<T>, Serializable {}
