package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A consistent snapshot of the stand-in's counters, taken at one instant.
 *
 * @param requests every request received, whatever its path or outcome
 * @param appliedRequests requests whose objects were applied (answered 201, or struck by a fault
 *     that strikes after applying)
 * @param objectsApplied objects in the applied requests, including those answered with a minor
 *     error
 * @param maxObjectsInRequest the most objects seen in one parsed request body, including bodies
 *     rejected for carrying too many
 * @param attributesProcessed attribute objects applied
 * @param eventsProcessed event objects applied
 * @param purchasesProcessed purchase objects applied
 * @param minorErrors objects rejected with a minor error inside a 2xx
 * @param statusCounts how many answers had each status code (unmodifiable); an answer is counted
 *     when the stand-in starts sending it, so a client that has its answer finds it counted
 * @param droppedConnections connections closed without a complete answer
 * @param requestsAfterUnauthorized requests received after a 401 had been answered
 */
public record StandInStats(
    long requests,
    long appliedRequests,
    long objectsApplied,
    int maxObjectsInRequest,
    long attributesProcessed,
    long eventsProcessed,
    long purchasesProcessed,
    long minorErrors,
    Map<Integer, Long> statusCounts,
    long droppedConnections,
    long requestsAfterUnauthorized) {

  /**
   * Copies the status counts.
   *
   * @throws NullPointerException if the status counts are null
   */
  public StandInStats {
    statusCounts = Map.copyOf(requireNonNull(statusCounts, "statusCounts == null"));
  }

  /**
   * Returns how many answers had a status.
   *
   * @param status the status code
   * @return the count, 0 if none
   */
  public long count(int status) {
    return statusCounts.getOrDefault(status, 0L);
  }
}
