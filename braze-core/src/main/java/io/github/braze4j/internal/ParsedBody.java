package io.github.braze4j.internal;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What could be read from a users/track response body.
 *
 * @param json true when the body was a complete JSON object
 * @param message Braze's {@code message}, if present
 * @param attributesProcessed {@code attributes_processed}, if present
 * @param eventsProcessed {@code events_processed}, if present
 * @param purchasesProcessed {@code purchases_processed}, if present
 * @param errors Braze's {@code errors}, possibly empty
 * @param excerpt the start of the body as text, at most 512 characters
 * @param truncated true when the body was longer than the read cap
 */
public record ParsedBody(boolean json, @Nullable String message, @Nullable Integer attributesProcessed,
    @Nullable Integer eventsProcessed, @Nullable Integer purchasesProcessed, List<TrackError> errors,
    String excerpt, boolean truncated) {}
