/**
 * The delivery pipeline: {@link io.github.braze4j.pipeline.BrazePipeline} takes a stream of
 * attribute updates, events and purchases, batches them up to Braze's per-request limit,
 * coalesces updates to the same profile, keeps each profile's updates in order, and reports the
 * outcome of every object through a {@link java.util.concurrent.CompletableFuture}.
 */
@NullMarked
package io.github.braze4j.pipeline;

import org.jspecify.annotations.NullMarked;
