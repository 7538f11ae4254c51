package io.coinpulse.ingest.source;

import io.coinpulse.ingest.source.synthetic.SyntheticSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code coinpulse.ingest.sources=auto} (the default) becomes: every live source that needs no further
 * setup and answered its probe at start; {@code synthetic} when none did. The decision is one line that starts
 * with {@code coinpulse:} (printed to stdout as well as logged, so {@code ./coinpulse up} shows it to its user).
 */
public final class AutoSources {

    /** The value of {@code coinpulse.ingest.sources} that asks for this choice. */
    public static final String AUTO = "auto";

    /** The exact line when no live source answered. */
    public static final String NO_NETWORK = "coinpulse: no network: live sources unreachable, running on synthetic data";

    /** The sources chosen and the line that says so. */
    public record Choice(List<String> sources, String line) {
    }

    private AutoSources() {
    }

    /**
     * @param probes each candidate (in the order to enable them) → empty when it answered, else why not
     */
    public static Choice choose(Map<String, Optional<String>> probes) {
        List<String> reachable = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        probes.forEach((name, failure) -> {
            if (failure.isEmpty()) {
                reachable.add(name);
            } else {
                unreachable.put(name, failure.get());
            }
        });
        if (reachable.isEmpty()) {
            return new Choice(List.of(SyntheticSource.NAME), NO_NETWORK);
        }
        StringBuilder line = new StringBuilder("coinpulse: live sources: ").append(String.join(", ", reachable));
        if (!unreachable.isEmpty()) {
            line.append(" (unreachable: ").append(String.join(", ", unreachable.keySet())).append(')');
        }
        return new Choice(List.copyOf(reachable), line.toString());
    }
}
