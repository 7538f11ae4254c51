package io.coinpulse.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures out of a Prometheus text exposition ({@code /q/metrics}). */
final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of a metric over all its series, 0 when absent. */
    static double sum(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
