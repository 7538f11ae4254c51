package io.coinpulse.ingest.tick;

import java.util.List;

/**
 * What parsing and validating one candidate tick gave: a valid tick, a rejection (bound for the DLQ), or an
 * entry a connector deliberately skips (a symbol it cannot map), which is counted but neither published nor
 * sent to the DLQ.
 */
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

    /**
     * An entry of a frame that is not a candidate tick: its symbol cannot be mapped to a canonical asset and
     * quote (an unknown market, a second coin claiming a symbol). Counted in
     * {@code coinpulse.ingest.ticks.skipped{source,reason}}, never published, never in the DLQ: a whole-market
     * feed would otherwise fill the DLQ with the same exotic pairs every second.
     *
     * @param source the connector
     * @param reason low-cardinality code: {@link #UNKNOWN_SYMBOL} or {@link #SYMBOL_CONFLICT}
     * @param detail which symbol and why
     */
    record Skipped(String source, String reason, String detail) implements TickResult {

        /** The symbol does not map to a canonical asset and quote. */
        public static final String UNKNOWN_SYMBOL = "unknown_symbol";

        /** Another coin of the same source already publishes under this asset symbol. */
        public static final String SYMBOL_CONFLICT = "symbol_conflict";

        /** Every reason, for registering the counters at zero. */
        public static final List<String> REASONS = List.of(UNKNOWN_SYMBOL, SYMBOL_CONFLICT);
    }
}
