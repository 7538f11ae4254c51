package io.coinpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the modules agreed on, read from docs/CONTRACTS.md (not copied into the tests): the topics and
 * the environment variables each component reads.
 */
final class Contracts {

    enum Component { INGEST, QUERY, SPARK }

    /** Variables a component reads only when a feature is on (SPEC §7: "unset: no recording"). */
    static final Set<String> OPTIONAL = Set.of("COINPULSE_INGEST_REPLAY_FILE", "COINPULSE_INGEST_RECORD_FILE");

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private Contracts() {
    }

    private static List<String> section(String title) {
        try {
            List<String> lines = Files.readAllLines(Project.root().resolve("docs").resolve("CONTRACTS.md"));
            List<String> section = new ArrayList<>();
            boolean in = false;
            for (String line : lines) {
                if (line.startsWith("## ")) {
                    in = line.substring(3).trim().startsWith(title);
                    continue;
                }
                if (in && line.startsWith("|")) {
                    section.add(line);
                }
            }
            if (section.isEmpty()) {
                throw new IllegalStateException("docs/CONTRACTS.md has no table under '## " + title + "'");
            }
            return section;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> cells(String row) {
        String[] parts = row.split("\\|");
        List<String> cells = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            cells.add(parts[i].trim());
        }
        return cells;
    }

    /** The topic names of the Topics table. */
    static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        for (String row : section("Topics")) {
            Matcher m = BACKTICKED.matcher(cells(row).get(0));
            if (m.matches() && m.group(1).startsWith("crypto.")) {
                topics.add(m.group(1));
            }
        }
        return topics;
    }

    /** Environment variables per component, from the table "Configuration every component reads". */
    static Map<Component, Set<String>> environment() {
        Map<Component, Set<String>> env = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            env.put(c, new LinkedHashSet<>());
        }
        for (String row : section("Configuration every component reads")) {
            List<String> cells = cells(row);
            if (cells.size() < 2) {
                continue;
            }
            List<String> vars = new ArrayList<>();
            Matcher m = BACKTICKED.matcher(cells.get(0));
            while (m.find()) {
                if (m.group(1).matches("[A-Z][A-Z0-9_]+")) {
                    vars.add(m.group(1));
                }
            }
            if (vars.isEmpty()) {
                continue;
            }
            for (Component c : who(cells.get(1))) {
                env.get(c).addAll(vars);
            }
        }
        return env;
    }

    private static Set<Component> who(String cell) {
        String who = cell.toLowerCase();
        Set<Component> components = new LinkedHashSet<>();
        if (who.equals("all")) {
            return Set.of(Component.values());
        }
        if (who.contains("ingest") || who.contains("quarkus")) {
            components.add(Component.INGEST);
        }
        if (who.contains("query") || who.contains("quarkus")) {
            components.add(Component.QUERY);
        }
        if (who.contains("spark")) {
            components.add(Component.SPARK);
        }
        if (components.isEmpty()) {
            throw new IllegalStateException("docs/CONTRACTS.md: unknown component '" + cell + "'");
        }
        return components;
    }
}
