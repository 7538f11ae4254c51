package io.coinpulse.launcher;

import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** What the dashboard's candlestick chart holds, read from its ECharts instance. */
final class DashboardScript {

    private static final String CHART = "echarts.getInstanceByDom(document.getElementById('candles')).getOption()";

    private DashboardScript() {
    }

    /** [open, close, low, high] per candle, oldest first; empty before the chart has any. */
    static List<List<Double>> candles(WebDriver driver) {
        Object result;
        try {
            result = ((JavascriptExecutor) driver).executeScript("return " + CHART + ".series[0].data");
        } catch (RuntimeException notYet) {
            return List.of();
        }
        List<List<Double>> out = new ArrayList<>();
        if (result instanceof List<?> rows) {
            for (Object row : rows) {
                List<Double> values = new ArrayList<>();
                for (Object v : (List<?>) row) {
                    values.add(((Number) v).doubleValue());
                }
                out.add(values);
            }
        }
        return out;
    }

    /** Start of the first candle shown, epoch ms. */
    static long firstCandleStart(WebDriver driver) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return window.coinpulse.state.candles[0].windowStart"))
                .longValue();
    }
}
