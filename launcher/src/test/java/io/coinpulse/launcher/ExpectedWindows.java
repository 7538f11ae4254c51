package io.coinpulse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The expected 1-minute windows of a dataset, as ../shared/datasets/*.expected-1m.csv gives them. */
record ExpectedWindows(String source, String asset, long windowStart, double open, double high, double low,
        double close, long tickCount, long tradeCount, double volumeBase, double volumeQuote, Double vwap,
        double avgPrice, double pctChange) {

    static List<ExpectedWindows> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (!lines.get(0).equals("source,asset,window_start,open,high,low,close,tick_count,trade_count,"
                + "volume_base,volume_quote,vwap,avg_price,pct_change")) {
            throw new IllegalStateException("unexpected header in " + csv + ": " + lines.get(0));
        }
        List<ExpectedWindows> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            rows.add(new ExpectedWindows(f[0], f[1], Long.parseLong(f[2]), d(f[3]), d(f[4]), d(f[5]), d(f[6]),
                    Long.parseLong(f[7]), Long.parseLong(f[8]), d(f[9]), d(f[10]),
                    f[11].isEmpty() ? null : d(f[11]), d(f[12]), d(f[13])));
        }
        return rows;
    }

    private static double d(String s) {
        return Double.parseDouble(s);
    }
}
