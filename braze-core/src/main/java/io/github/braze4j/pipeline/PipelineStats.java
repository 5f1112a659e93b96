package io.github.braze4j.pipeline;

/**
 * A snapshot of a pipeline's counters since it was built, from {@link BrazePipeline#stats()}.
 *
 * @param submitted objects accepted by {@code submit}
 * @param rejected {@code submit} calls refused at the door (pipeline full, closed or stopped)
 * @param coalesced submitted attribute updates merged into an update already waiting
 * @param delivered objects whose future completed successfully
 * @param failed objects whose future completed exceptionally
 * @param requests requests handed to the client, each counted once however often it retried,
 *     including the smaller requests sent while narrowing a 400
 * @param httpAttempts HTTP attempts the client reported, retries included
 * @param retries retries the client scheduled
 * @param splits times a request answered 400 was split in two to find the bad object, or a
 *     refused coalesced object was resent as its submitted updates one by one
 * @param queued objects waiting to be sent (after coalescing)
 * @param inFlight objects in requests being sent right now
 * @param outstanding submitted objects whose future has not completed yet; bounded by the
 *     capacity
 */
public record PipelineStats(
    long submitted,
    long rejected,
    long coalesced,
    long delivered,
    long failed,
    long requests,
    long httpAttempts,
    long retries,
    long splits,
    int queued,
    int inFlight,
    int outstanding) {}
