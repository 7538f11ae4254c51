package io.coinpulse.ingest.journal;

import java.util.Map;

/**
 * What the journal holds now, for health checks and people.
 *
 * @param records       records waiting for Kafka
 * @param bytes         bytes they take, entry headers included
 * @param capacityBytes the bound ({@code coinpulse.ingest.journal.max-bytes})
 * @param dropped       records dropped past the bound since start, per source
 */
public record JournalStatus(long records, long bytes, long capacityBytes, Map<String, Long> dropped) {
}
