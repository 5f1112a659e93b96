package io.github.braze4j.standin.internal;

/**
 * One object rejected inside a 2xx answer, as Braze reports it.
 *
 * @param type what is wrong
 * @param inputArray {@code attributes}, {@code events} or {@code purchases}
 * @param index the object's position in that array
 */
public record MinorError(String type, String inputArray, int index) {}
