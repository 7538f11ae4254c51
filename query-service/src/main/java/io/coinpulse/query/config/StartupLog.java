package io.coinpulse.query.config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/** Says at start what the service serves; never the database URL's credentials, the password or the API keys. */
@jakarta.enterprise.context.ApplicationScoped
class StartupLog {

    void onStart(@Observes StartupEvent event, QueryConfig config) {
        Log.infof("serving window sizes %s, primary source %s, at most %d windows per request",
                config.windows(), config.primarySource().orElse("(none)"), config.api().windows().maxLimit());
        int keys = config.api().keys().map(k -> (int) k.stream().filter(s -> !s.isBlank()).count()).orElse(0);
        Log.infof(keys == 0 ? "API keys: none, the API is open" : "API keys required on /api: %d configured", keys);
        Log.infof("live stream from %s and %s, replaying up to %d events to reconnecting clients",
                config.stream().metricsTopic(), config.stream().alertsTopic(), config.stream().bufferSize());
    }
}
