package io.github.braze4j.examples.kafka;

/**
 * Counters of one {@link PersonasKafkaSync}, a snapshot.
 *
 * @param records          records taken from Kafka and processed
 * @param messages         Segment messages in them (NDJSON lines)
 * @param skipped          messages with nothing for Braze
 * @param updatesSubmitted updates handed to the delivery
 * @param updatesDelivered updates Braze accepted
 * @param deadLetters      dead letters written (bad messages and failed updates)
 * @param commits          offset commits that succeeded
 */
public record SyncStats(
    long records,
    long messages,
    long skipped,
    long updatesSubmitted,
    long updatesDelivered,
    long deadLetters,
    long commits) {
}
