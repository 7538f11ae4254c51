package io.coinpulse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The PNG plots beside docs/BENCHMARKS.md: streaming throughput by assets, latencies by percentile. */
final class Plots {

    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 100};

    private Plots() {
    }

    static void streaming(Bench.Results r, Path png) {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450).title("Streaming job vs Kafka consumer limit")
                .xAxisTitle("assets").yAxisTitle("events/s").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<String> xs = r.streaming.keySet().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList();
        chart.addSeries("Spark job (steady)", xs, r.streaming.values().stream().map(SparkRun.Throughput::perSec).toList());
        if (r.tutorial.keySet().equals(r.streaming.keySet())) {
            chart.addSeries("the tutorial job (steady)", xs, r.tutorial.values().stream().map(SparkRun.Throughput::perSec).toList());
        }
        chart.addSeries("ConsumerPerformance", xs, r.streaming.keySet().stream()
                .map(n -> r.consumerLimit.get(n).fetchMessagesPerSec()).toList());
        save(chart, png);
    }

    static void latency(Bench.Results r, Path png) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title("Latency by percentile")
                .xAxisTitle("percentile (50, 75, 90, 95, 99, 99.9, max)").yAxisTitle("ms (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            xs.add((double) i);
        }
        addServed(chart, xs, "/assets/{a}", r.queryAsset);
        addServed(chart, xs, "/windows 1,440 rows", r.queryWindows);
        if (r.freshnessFloor != null && r.freshnessFloor.latencies().getTotalCount() > 0) {
            chart.addSeries("freshness, markers only", xs, percentiles(r.freshnessFloor.latencies(), 1));
        }
        for (Bench.FreshnessRun f : r.freshness) {
            if (f.latencies().getTotalCount() > 0) {
                chart.addSeries(Report.fmt("freshness at %,.0f events/s", f.target()), xs, percentiles(f.latencies(), 1));
            }
        }
        save(chart, png);
    }

    private static void addServed(XYChart chart, List<Double> xs, String name, Bench.QueryRamp ramp) {
        ConstantRateClient.Result served = ramp == null ? null : ramp.highestServed();
        if (served != null) {
            chart.addSeries(Report.fmt("%s at %,.0f/s", name, served.rate()), xs, percentiles(served.latencyMicros(), 1000));
        }
    }

    static List<Double> percentiles(Histogram h, double perMilli) {
        List<Double> ys = new ArrayList<>();
        for (double p : PERCENTILES) {
            ys.add(Math.max(0.01, h.getValueAtPercentile(p) / perMilli));
        }
        return ys;
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path png) {
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
