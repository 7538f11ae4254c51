package io.coinpulse.spark.config;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The job's configuration (SPEC §7, docs/CONTRACTS.md): every {@link Setting} from
 * {@code --key=value} arguments, else the environment, else its default, validated as a whole so
 * that one error message names every problem. {@link #toString()} never shows the password.
 *
 * @param mode the mode these settings are for: {@code stream}, {@code backfill}, {@code compare} or {@code maintain}
 * @param bootstrapServers Kafka bootstrap servers (null outside stream mode when unset)
 * @param kafkaClient further Kafka client settings (security), keyed by their Kafka source option {@code kafka.…}
 * @param ticksTopic topic of canonical ticks
 * @param failOnDataLoss the Kafka source's {@code failOnDataLoss}
 * @param maxOffsetsPerTrigger the Kafka source's {@code maxOffsetsPerTrigger}
 * @param checkpointPath checkpoint root URI (null outside stream mode when unset)
 * @param watermark allowed lateness
 * @param windows window sizes, at least one, no duplicates
 * @param trigger micro-batch trigger
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}, 0: the cores Spark runs on
 * @param db the database the metrics go to
 * @param dbWaitTimeout how long to wait at start for the table
 * @param dbRetryBudget how long a micro-batch retries its database writes
 * @param lakePath lake root URI (the Iceberg warehouse), null: no lake (stream only)
 * @param lakeCatalog the catalog of the lake's Iceberg tables
 * @param lakeRetention what mode maintain keeps of the lake tables' snapshots
 * @param lakeTrigger micro-batch trigger of the lake writers, see {@link #lakeWriterTrigger()}
 * @param metricsTopic topic of window updates
 * @param alertsTopic topic of alerts
 * @param stateStore the streaming state store
 * @param plan the layout of mode stream
 * @param analytics derived analytics parameters
 * @param range the time range of backfill and compare, null in stream mode
 * @param backfillAnalytics whether a backfill recomputes the derived analytics too
 */
public record JobConfig(String mode, String bootstrapServers, Map<String, String> kafkaClient, String ticksTopic, boolean failOnDataLoss,
        long maxOffsetsPerTrigger, URI checkpointPath, Duration watermark, List<WindowSize> windows,
        TriggerSetting trigger, int shufflePartitions, DbSettings db, Duration dbWaitTimeout, Duration dbRetryBudget,
        URI lakePath, LakeCatalog lakeCatalog, LakeRetention lakeRetention, TriggerSetting lakeTrigger, String metricsTopic,
        String alertsTopic, StateStore stateStore, StreamPlan plan,
        AnalyticsSettings analytics, TimeRange range, boolean backfillAnalytics) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The modes of the job. */
    public static final List<String> MODES = List.of("stream", "backfill", "compare", "maintain");

    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,:/]+:\\d{1,5}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final int WINDOW_LABEL_MAX = 8;
    private static final List<String> SECURITY_PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /**
     * The configuration from {@code --key=value} arguments and the environment.
     *
     * @throws IllegalArgumentException listing every missing or invalid setting
     */
    public static JobConfig load(List<String> args, Map<String, String> env) {
        return load("stream", args, env, Instant.now());
    }

    /**
     * The configuration of {@code mode} from {@code --key=value} arguments and the environment;
     * {@code now} places a compare range given only by its lookback.
     *
     * @throws IllegalArgumentException listing every missing or invalid setting
     */
    public static JobConfig load(String mode, List<String> args, Map<String, String> env, Instant now) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode " + mode + " (modes: " + String.join(", ", MODES) + ")");
        }
        List<String> errors = new ArrayList<>();
        Map<Setting, String> fromArgs = parseArguments(args, errors);
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        Map<Setting, String> origin = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = fromArgs.get(s);
            String where = "--" + s.key();
            if (isBlank(value)) {
                value = env.get(s.envName());
                where = s.envName();
            }
            if (isBlank(value)) {
                value = s.defaultValue();
                where = "default";
            }
            if (value != null) {
                raw.put(s, value.trim());
                origin.put(s, where);
            }
        }
        Reader r = new Reader(mode, raw, origin, errors);

        String bootstrap = r.required(Setting.KAFKA_BOOTSTRAP_SERVERS);
        if (bootstrap != null && !Arrays.stream(bootstrap.split(",")).map(String::trim).allMatch(h -> HOST_PORT.matcher(h).matches())) {
            r.invalid(Setting.KAFKA_BOOTSTRAP_SERVERS, "expected host:port[,host:port…]");
        }
        Map<String, String> kafkaClient = new TreeMap<>();
        for (Setting s : Setting.values()) {
            if (s.kafkaClient() && raw.containsKey(s)) {
                kafkaClient.put(s.key(), raw.get(s));
            }
        }
        String protocol = kafkaClient.get(Setting.KAFKA_SECURITY_PROTOCOL.key());
        if (protocol != null && !SECURITY_PROTOCOLS.contains(protocol)) {
            r.invalid(Setting.KAFKA_SECURITY_PROTOCOL, "expected one of " + SECURITY_PROTOCOLS);
        }
        String topic = r.topic(Setting.TOPICS_TICKS);
        boolean failOnDataLoss = r.bool(Setting.KAFKA_FAIL_ON_DATA_LOSS);
        long maxOffsets = r.positiveLong(Setting.KAFKA_MAX_OFFSETS_PER_TRIGGER);
        URI checkpoint = uri(r, Setting.CHECKPOINT_PATH, "file:///var/lib/coinpulse/checkpoints");
        Duration watermark = r.duration(Setting.WATERMARK);
        List<WindowSize> windows = windows(r);
        TriggerSetting trigger = trigger(r);
        int shufflePartitions = (int) Math.min(Integer.MAX_VALUE, r.positiveLong(Setting.SHUFFLE_PARTITIONS));
        Duration lakeInterval = r.duration(Setting.LAKE_TRIGGER);
        TriggerSetting lakeTrigger = lakeInterval == null ? null : TriggerSetting.every(lakeInterval);
        String dbUrl = r.required(Setting.DB_URL);
        if (dbUrl != null && !dbUrl.startsWith("jdbc:mysql://")) {
            r.invalid(Setting.DB_URL, "expected jdbc:mysql://host:port/database (MySQL or MariaDB)");
        }
        String dbUser = r.required(Setting.DB_USER);
        Duration dbWait = r.duration(Setting.DB_WAIT_TIMEOUT);
        Duration dbRetry = r.duration(Setting.DB_RETRY_BUDGET);
        URI lake = uri(r, Setting.LAKE_PATH, "file:///var/lib/coinpulse/lake");
        LakeCatalog lakeCatalog = lakeCatalog(r, new DbSettings(dbUrl, dbUser, raw.getOrDefault(Setting.DB_PASSWORD, "")));
        LakeRetention lakeRetention = new LakeRetention(r.duration(Setting.LAKE_SNAPSHOT_RETENTION),
                (int) Math.min(Integer.MAX_VALUE, r.positiveLong(Setting.LAKE_SNAPSHOTS_KEPT)));
        String metricsTopic = r.topic(Setting.TOPICS_METRICS);
        String alertsTopic = r.topic(Setting.TOPICS_ALERTS);
        StateStore stateStore = StateStore.parse(r.raw().get(Setting.STATE_STORE));
        if (stateStore == null) {
            r.invalid(Setting.STATE_STORE, "expected rocksdb or hdfs");
        }
        StreamPlan plan = StreamPlan.parse(r.raw().get(Setting.STREAM_PLAN));
        if (plan == null) {
            r.invalid(Setting.STREAM_PLAN, "expected one-pass or per-size");
        }
        AnalyticsSettings analytics = new AnalyticsSettings(r.periods(Setting.INDICATORS_SMA, 1), r.periods(Setting.INDICATORS_EMA, 1),
                r.periods(Setting.INDICATORS_VOLATILITY, 2), (int) r.positiveLong(Setting.MOVERS_TOP), r.positiveDouble(Setting.ALERTS_K),
                (int) r.positiveLong(Setting.ALERTS_HISTORY), (int) r.positiveLong(Setting.ALERTS_MIN_HISTORY));
        if (analytics.alertMinHistory() < 2 || analytics.alertMinHistory() > analytics.alertHistory()) {
            r.invalid(Setting.ALERTS_MIN_HISTORY, "expected 2 to coinpulse.alerts.history (" + analytics.alertHistory() + ")");
        }
        TimeRange range = null;
        if (mode.equals("backfill")) {
            Long from = r.instant(Setting.BACKFILL_FROM);
            Long to = r.instant(Setting.BACKFILL_TO);
            if (from != null && to != null) {
                if (from >= to) {
                    r.invalid(Setting.BACKFILL_TO, "must be after coinpulse.backfill.from");
                } else {
                    range = new TimeRange(from, to);
                }
            }
        } else if (mode.equals("compare")) {
            Duration lookback = r.duration(Setting.COMPARE_LOOKBACK);
            Long to = r.raw().containsKey(Setting.COMPARE_TO) ? r.instant(Setting.COMPARE_TO) : null;
            if (to == null && !r.raw().containsKey(Setting.COMPARE_TO) && watermark != null && !windows.isEmpty()) {
                // the newest windows every query has finalized: now, down to the minute, minus the
                // watermark and the largest window
                long largest = windows.stream().mapToLong(w -> w.length().toMillis()).max().orElse(60_000);
                long end = now.toEpochMilli() - watermark.toMillis() - largest;
                to = Math.floorDiv(end, largest) * largest;
            }
            Long from = r.raw().containsKey(Setting.COMPARE_FROM) ? r.instant(Setting.COMPARE_FROM)
                    : to == null || lookback == null ? null : to - lookback.toMillis();
            if (from != null && to != null) {
                if (from >= to) {
                    r.invalid(Setting.COMPARE_TO, "must be after coinpulse.compare.from");
                } else {
                    range = new TimeRange(from, to);
                }
            }
        }
        boolean backfillAnalytics = r.bool(Setting.BACKFILL_ANALYTICS);

        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration:\n  - " + String.join("\n  - ", errors));
        }
        return new JobConfig(mode, bootstrap, Map.copyOf(kafkaClient), topic, failOnDataLoss, maxOffsets, checkpoint, watermark, windows, trigger,
                shufflePartitions, new DbSettings(dbUrl, dbUser, raw.getOrDefault(Setting.DB_PASSWORD, "")), dbWait, dbRetry,
                lake, lakeCatalog, lakeRetention, lakeTrigger, metricsTopic, alertsTopic, stateStore, plan, analytics, range, backfillAnalytics);
    }

    /**
     * The trigger of the lake writers: {@code available-now} when the stream runs so, else the
     * longer of {@code coinpulse.lake.trigger} and the stream's trigger.
     */
    public TriggerSetting lakeWriterTrigger() {
        if (trigger.isAvailableNow()) {
            return trigger;
        }
        return lakeTrigger.interval().compareTo(trigger.interval()) >= 0 ? lakeTrigger : trigger;
    }

    /** The lake directory {@code <coinpulse.lake.path>/<name>}; the lake must be set. */
    public String lakeOf(String name) {
        if (lakePath == null) {
            throw new IllegalStateException("coinpulse.lake.path is not set");
        }
        String root = lakePath.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "/" + name;
    }

    /** The Kafka client settings as producer properties (without the {@code kafka.} prefix of the source options). */
    public Map<String, Object> kafkaProducerProperties() {
        Map<String, Object> out = new TreeMap<>();
        out.put("bootstrap.servers", bootstrapServers);
        kafkaClient.forEach((k, v) -> out.put(k.substring("kafka.".length()), v));
        return out;
    }

    /** The checkpoint directory of one query: {@code <checkpoint.path>/<queryName>}. */
    public String checkpointOf(String queryName) {
        String root = checkpointPath.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "/" + queryName;
    }

    /** The watermark delay in Spark's interval notation, for {@code withWatermark}. */
    public String sparkWatermark() {
        return watermark.toMillis() + " milliseconds";
    }

    @Override
    public String toString() {
        return "kafka.bootstrap.servers=" + bootstrapServers
                + kafkaClient.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> " " + e.getKey() + "=" + (e.getKey().equals(Setting.KAFKA_SASL_JAAS_CONFIG.key()) ? "***" : e.getValue()))
                        .collect(Collectors.joining())
                + " coinpulse.topics.ticks=" + ticksTopic
                + " coinpulse.kafka.fail-on-data-loss=" + failOnDataLoss
                + " coinpulse.kafka.max-offsets-per-trigger=" + maxOffsetsPerTrigger
                + " coinpulse.checkpoint.path=" + checkpointPath
                + " coinpulse.watermark=" + Durations.format(watermark)
                + " coinpulse.windows=" + windows.stream().map(WindowSize::label).collect(Collectors.joining(","))
                + " coinpulse.trigger=" + trigger
                + " coinpulse.shuffle-partitions=" + (shufflePartitions > 0 ? shufflePartitions : "cores")
                + " coinpulse.db.url=" + db.redactedUrl()
                + " coinpulse.db.user=" + db.user()
                + " coinpulse.db.password=" + (db.password().isEmpty() ? "(empty)" : "***")
                + " coinpulse.db.wait-timeout=" + Durations.format(dbWaitTimeout)
                + " coinpulse.db.retry-budget=" + Durations.format(dbRetryBudget)
                + " coinpulse.lake.path=" + (lakePath == null ? "(none)" : lakePath)
                + " " + lakeCatalog
                + (mode.equals("maintain") ? " " + lakeRetention : "")
                + " coinpulse.lake.trigger=" + lakeTrigger
                + " coinpulse.topics.metrics=" + metricsTopic
                + " coinpulse.topics.alerts=" + alertsTopic
                + " coinpulse.state-store=" + stateStore.label()
                + " coinpulse.stream.plan=" + plan.label()
                + " " + analytics
                + (range == null ? "" : " range=" + range)
                + (mode.equals("backfill") ? " coinpulse.backfill.analytics=" + backfillAnalytics : "");
    }

    /** Usage text: every setting with its environment variable and default. */
    public static String usage() {
        StringBuilder out = new StringBuilder("settings (--key=value, else the environment variable, else the default):\n");
        for (Setting s : Setting.values()) {
            List<String> requiredBy = MODES.stream().filter(s::requiredBy).toList();
            String note = requiredBy.size() == MODES.size() ? "required"
                    : !requiredBy.isEmpty() ? "required by " + String.join(", ", requiredBy)
                    : s.defaultValue() == null || s.defaultValue().isEmpty() ? "optional" : "default " + s.defaultValue();
            out.append(String.format("  --%-42s %-40s %s%n", s.key() + "=…", s.envName(), note));
        }
        return out.toString();
    }

    private static Map<Setting, String> parseArguments(List<String> args, List<String> errors) {
        Map<String, Setting> byKey = Arrays.stream(Setting.values()).collect(Collectors.toMap(Setting::key, s -> s));
        Map<Setting, String> out = new EnumMap<>(Setting.class);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                errors.add("unexpected argument '" + arg + "': settings are --key=value, e.g. --coinpulse.watermark=30s");
                continue;
            }
            String key = arg.substring(2, eq);
            Setting s = byKey.get(key);
            if (s == null) {
                errors.add("unknown setting --" + key + " (known: " + String.join(", ", byKey.keySet().stream().sorted().toList()) + ")");
                continue;
            }
            out.put(s, arg.substring(eq + 1));
        }
        return out;
    }

    private static URI uri(Reader r, Setting setting, String example) {
        String text = r.required(setting);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getScheme().length() < 2) {
                r.invalid(setting, "expected a URI with a scheme, e.g. " + example + ", hdfs://… or s3a://…");
                return null;
            }
            if ("file".equals(uri.getScheme()) && (uri.getPath() == null || !uri.getPath().startsWith("/"))) {
                r.invalid(setting, "a file: URI needs an absolute path, e.g. " + example);
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            r.invalid(setting, "not a URI: " + e.getMessage());
            return null;
        }
    }

    private static LakeCatalog lakeCatalog(Reader r, DbSettings db) {
        try {
            return LakeCatalog.of(r.raw().get(Setting.LAKE_CATALOG), r.raw().get(Setting.LAKE_CATALOG_URI), db);
        } catch (IllegalArgumentException e) {
            if (LakeCatalog.Type.parse(r.raw().get(Setting.LAKE_CATALOG)) == null) {
                r.invalid(Setting.LAKE_CATALOG, e.getMessage());
            } else if (!r.raw().containsKey(Setting.LAKE_CATALOG_URI)) {
                r.errors().add(Setting.LAKE_CATALOG_URI.key() + " is required by coinpulse.lake.catalog=" + r.raw().get(Setting.LAKE_CATALOG)
                        + ": --" + Setting.LAKE_CATALOG_URI.key() + "=… or " + Setting.LAKE_CATALOG_URI.envName());
            } else {
                r.invalid(Setting.LAKE_CATALOG_URI, e.getMessage());
            }
            return null;
        }
    }

    private static List<WindowSize> windows(Reader r) {
        String text = r.required(Setting.WINDOWS);
        if (text == null) {
            return List.of();
        }
        Set<WindowSize> sizes = new LinkedHashSet<>();
        Set<Duration> lengths = new LinkedHashSet<>();
        for (String label : text.split(",")) {
            label = label.trim();
            try {
                WindowSize size = WindowSize.parse(label);
                if (size.length().isZero() || size.length().toMillis() % 1000 != 0) {
                    r.invalid(Setting.WINDOWS, "'" + label + "': a window is a positive whole number of seconds, e.g. 1m");
                } else if (size.length().compareTo(WindowSize.MAX_LENGTH) > 0) {
                    r.invalid(Setting.WINDOWS, "'" + label + "': a window is at most " + WindowSize.MAX_LENGTH.toMillis() + " ms (49 days) long");
                } else if (label.length() > WINDOW_LABEL_MAX) {
                    r.invalid(Setting.WINDOWS, "'" + label + "': labels have at most " + WINDOW_LABEL_MAX + " characters");
                } else if (!lengths.add(size.length())) {
                    r.invalid(Setting.WINDOWS, "'" + label + "' repeats a size");
                } else {
                    sizes.add(size);
                }
            } catch (IllegalArgumentException e) {
                r.invalid(Setting.WINDOWS, e.getMessage());
            }
        }
        return List.copyOf(sizes);
    }

    private static TriggerSetting trigger(Reader r) {
        String text = r.required(Setting.TRIGGER);
        if (text == null) {
            return null;
        }
        if (TriggerSetting.AVAILABLE_NOW_LABEL.equals(text)) {
            return TriggerSetting.availableNow();
        }
        try {
            return TriggerSetting.every(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            r.invalid(Setting.TRIGGER, e.getMessage() + ", or " + TriggerSetting.AVAILABLE_NOW_LABEL);
            return null;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * When micro-batches run: every {@code interval} (zero: as soon as the previous one ends), or
     * once over everything available and then stop.
     *
     * @param interval the trigger interval, null for available-now
     */
    public record TriggerSetting(Duration interval) {

        static final String AVAILABLE_NOW_LABEL = "available-now";

        public static TriggerSetting availableNow() {
            return new TriggerSetting(null);
        }

        public static TriggerSetting every(Duration interval) {
            return new TriggerSetting(interval);
        }

        public boolean isAvailableNow() {
            return interval == null;
        }

        /** The Spark trigger. */
        public Trigger toSpark() {
            return isAvailableNow() ? Trigger.AvailableNow() : Trigger.ProcessingTime(interval.toMillis());
        }

        @Override
        public String toString() {
            return isAvailableNow() ? AVAILABLE_NOW_LABEL : Durations.format(interval);
        }
    }

    /** Reads raw values and collects one error line per problem, naming where the value came from. */
    private record Reader(String mode, Map<Setting, String> raw, Map<Setting, String> origin, List<String> errors) {

        /** The value; a missing one is an error only when the mode needs it. */
        String required(Setting s) {
            String value = raw.get(s);
            if (value == null && s.requiredBy(mode)) {
                errors.add(s.key() + " is required: --" + s.key() + "=… or " + s.envName());
            }
            return value;
        }

        String topic(Setting s) {
            String value = raw.get(s);
            if (value != null && !TOPIC.matcher(value).matches()) {
                invalid(s, "not a Kafka topic name");
            }
            return value;
        }

        /** Comma-separated whole numbers, each at least {@code min}, no repeats. */
        List<Integer> periods(Setting s, int min) {
            String value = raw.get(s);
            Set<Integer> out = new LinkedHashSet<>();
            if (value == null || value.isBlank()) {
                return List.of();
            }
            for (String part : value.split(",")) {
                try {
                    int n = Integer.parseInt(part.trim());
                    if (n < min || n > 1440 || !out.add(n)) {
                        invalid(s, "'" + part.trim() + "': expected distinct whole numbers from " + min + " to 1440");
                    }
                } catch (NumberFormatException e) {
                    invalid(s, "'" + part.trim() + "' is not a whole number");
                }
            }
            return List.copyOf(out);
        }

        double positiveDouble(Setting s) {
            try {
                double d = Double.parseDouble(raw.get(s));
                if (d > 0 && Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException | NullPointerException e) {
                // reported below
            }
            invalid(s, "expected a positive number");
            return 0;
        }

        /** ISO-8601 instant ({@code 2026-03-01T00:00:00Z}) or epoch milliseconds; null when missing or invalid. */
        Long instant(Setting s) {
            String value = required(s);
            if (value == null) {
                return null;
            }
            if (value.matches("\\d{1,15}")) {
                return Long.parseLong(value);
            }
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e) {
                invalid(s, "expected an ISO-8601 instant such as 2026-03-01T00:00:00Z, or epoch milliseconds");
                return null;
            }
        }

        void invalid(Setting s, String why) {
            String value = s == Setting.DB_URL || s == Setting.LAKE_CATALOG_URI ? DbSettings.redact(raw.get(s)) : raw.get(s);
            String shown = s.secret() ? "" : " '" + value + "'";
            errors.add(s.key() + shown + " (from " + origin.get(s) + "): " + why);
        }

        boolean bool(Setting s) {
            String value = raw.get(s);
            if ("true".equalsIgnoreCase(value)) {
                return true;
            }
            if (!"false".equalsIgnoreCase(value)) {
                invalid(s, "expected true or false");
            }
            return false;
        }

        long positiveLong(Setting s) {
            String value = raw.get(s);
            if (value == null) {
                return 0;
            }
            try {
                long n = Long.parseLong(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            invalid(s, "expected a positive whole number");
            return 0;
        }

        Duration duration(Setting s) {
            try {
                return Durations.parse(raw.get(s));
            } catch (IllegalArgumentException e) {
                invalid(s, e.getMessage());
                return null;
            }
        }
    }
}
