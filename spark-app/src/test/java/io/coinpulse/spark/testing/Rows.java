package io.coinpulse.spark.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Spark rows as column name → value maps. */
public final class Rows {

    private Rows() {
    }

    public static Map<String, Object> toMap(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : row.schema().fieldNames()) {
            out.put(field, row.getAs(field));
        }
        return out;
    }

    public static List<Map<String, Object>> collect(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Rows::toMap).toList();
    }
}
