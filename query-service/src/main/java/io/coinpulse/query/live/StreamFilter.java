package io.coinpulse.query.live;

import java.util.Set;

/**
 * Which events one client wants: the assets ({@code ?assets=}) and window sizes ({@code ?sizes=});
 * an empty set means all. Alerts pass the asset filter only.
 */
public record StreamFilter(Set<String> assets, Set<String> sizes) {

    /** Every event. */
    public static final StreamFilter ALL = new StreamFilter(Set.of(), Set.of());

    public StreamFilter {
        assets = Set.copyOf(assets);
        sizes = Set.copyOf(sizes);
    }

    boolean matches(LiveEvent event) {
        if (!assets.isEmpty() && !assets.contains(event.asset())) {
            return false;
        }
        return event.size() == null || sizes.isEmpty() || sizes.contains(event.size());
    }
}
