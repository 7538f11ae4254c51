package io.coinpulse.ingest.source.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void keysAreMaskedInTextAndFailures() {
        Secrets secrets = Secrets.of(Optional.of("s3cr3t-key"));
        assertThat(secrets.scrub("wss://wss.coincap.io/prices?assets=ALL&apiKey=s3cr3t-key"))
                .isEqualTo("wss://wss.coincap.io/prices?assets=ALL&apiKey=***");
        assertThat(secrets.describe(new CompletionException(new IOException("refused: /prices?apiKey=s3cr3t-key\nmore"))))
                .isEqualTo("IOException: refused: /prices?apiKey=***");
    }

    @Test
    void noKeyNothingToMask() {
        assertThat(Secrets.of(Optional.of("  ")).scrub("a b")).isEqualTo("a b");
        assertThat(Secrets.of(Optional.empty())).isSameAs(Secrets.NONE);
        assertThat(Secrets.NONE.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
