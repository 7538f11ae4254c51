package io.coinpulse.ingest.source.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coinpulse.ingest.tick.Kind;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {

    private static final long T0 = 1_772_323_200_000L;

    @Test
    void theSameSeedGivesTheSameSequence() {
        assertThat(run(new SyntheticMarket(20, 42, 0.1), 5_000)).isEqualTo(run(new SyntheticMarket(20, 42, 0.1), 5_000));
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        assertThat(run(new SyntheticMarket(20, 42, 0.1), 100)).isNotEqualTo(run(new SyntheticMarket(20, 43, 0.1), 100));
    }

    @Test
    void everyTickPassesValidationThroughItsCanonicalJson() {
        for (Tick tick : run(new SyntheticMarket(1_000, 7, 0.1), 20_000)) {
            String frame = TickJson.write(tick);
            assertThat(TickValidator.validate(frame)).as(frame).isEqualTo(new TickResult.Valid(tick));
        }
    }

    @Test
    void itSpreadsOverTheConfiguredAssetsWithUniqueIdsAndAboutTheQuoteShare() {
        List<Tick> ticks = run(new SyntheticMarket(20, 42, 0.1), 10_000);
        Set<String> assets = new HashSet<>();
        ticks.forEach(t -> assets.add(t.asset()));
        assertThat(assets).hasSize(20).contains("BTC", "ETH", "FIL");
        assertThat(ticks).extracting(Tick::id).doesNotHaveDuplicates();
        long quotes = ticks.stream().filter(t -> t.kind() == Kind.QUOTE).count();
        assertThat(quotes).isBetween(850L, 1_150L);
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.source()).isEqualTo("synthetic");
            assertThat(t.size() == null).isEqualTo(t.kind() == Kind.QUOTE);
        });
        assertThat(run(new SyntheticMarket(25, 1, 0), 2_000)).extracting(Tick::asset).contains("SYN21", "SYN25")
                .doesNotContain("SYN26");
    }

    @Test
    void pricesWalkButStayNearTheirStart() {
        List<Tick> btc = run(new SyntheticMarket(1, 42, 0), 10_000);
        assertThat(btc).extracting(Tick::price).allSatisfy(p -> assertThat(p).isBetween(68_000 * 0.8, 68_000 * 1.25));
        assertThat(btc).extracting(Tick::price).doesNotHaveDuplicates().hasSizeGreaterThan(1);
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> new SyntheticMarket(0, 1, 0.1)).hasMessageContaining("assets");
        assertThatThrownBy(() -> new SyntheticMarket(10_001, 1, 0.1)).hasMessageContaining("assets");
        assertThatThrownBy(() -> new SyntheticMarket(5, 1, 1.5)).hasMessageContaining("quote share");
    }

    private static List<Tick> run(SyntheticMarket market, int events) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ticks.add(market.next(T0 + i * 20L));
        }
        return ticks;
    }
}
