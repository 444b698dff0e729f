package dev.locus.core.function;

import java.io.Serializable;
import java.util.function.BinaryOperator;

/** A binary operator (a reducer) that can travel to another JVM. */
@FunctionalInterface
public interface SerializableBinaryOperator<T> extends BinaryOperator<T>, Serializable {}
