package io.coinpulse.query.config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;

/** Says at start what the service serves; never the database URL's credentials or the password. */
@jakarta.enterprise.context.ApplicationScoped
class StartupLog {

    void onStart(@Observes StartupEvent event, QueryConfig config) {
        Log.infof("serving window sizes %s, primary source %s, at most %d windows per request",
                config.windows(), config.primarySource().orElse("(none)"), config.api().windows().maxLimit());
    }
}
