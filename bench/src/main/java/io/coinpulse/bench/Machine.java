package io.coinpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark ran on, from /proc and the JVM. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", first("/proc/cpuinfo", "(?m)^model name\\s*:\\s*(.+)$") + " × " + Runtime.getRuntime().availableProcessors());
        String memKb = first("/proc/meminfo", "(?m)^MemTotal:\\s*(\\d+) kB");
        m.put("memory", memKb.isEmpty() ? "?" : String.format("%.1f GiB", Long.parseLong(memKb) / 1024.0 / 1024.0));
        m.put("os", first("/etc/os-release", "(?m)^PRETTY_NAME=\"?([^\"\\n]+)\"?") + ", kernel " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return m;
    }

    private static String first(String file, String regex) {
        try {
            Matcher matcher = Pattern.compile(regex).matcher(Files.readString(Path.of(file)));
            return matcher.find() ? matcher.group(1).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }
}
