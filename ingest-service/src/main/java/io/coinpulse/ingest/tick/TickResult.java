package io.coinpulse.ingest.tick;

/** What parsing and validating one candidate tick gave: a valid tick or a rejection. */
public sealed interface TickResult {

    /** A tick that passed every SPEC §3 rule. */
    record Valid(Tick tick) implements TickResult {
    }

    /**
     * A rejected record, bound for the DLQ.
     *
     * @param source  the source the record claims or its connector; null when unknown (e.g. a cut-off line)
     * @param reason  the rule it broke
     * @param detail  a human-readable explanation
     * @param payload the raw text exactly as received
     */
    record Invalid(String source, Reason reason, String detail, String payload) implements TickResult {
    }
}
