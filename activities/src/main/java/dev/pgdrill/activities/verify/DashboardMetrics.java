package dev.pgdrill.activities.verify;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.db.SqlErrors;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's critical metrics ({@code dashboard.metrics}), read from a database that was just restored and
 * verified: non-critical {@code metric:<name>} checks whose actual value is the number, so the newest passing
 * drill carries the newest verified figures (the dashboard reads them there; the drill's database is gone).
 */
final class DashboardMetrics {
    private static final int TIMEOUT_SECONDS = 60;

    private DashboardMetrics() {}

    static List<CheckResult> read(Connection c, List<PgdrillConfig.Metric> metrics) {
        List<CheckResult> out = new ArrayList<>();
        for (PgdrillConfig.Metric m : metrics) {
            String name = "metric:" + m.name();
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(TIMEOUT_SECONDS);
                try (ResultSet rs = st.executeQuery(m.sql())) {
                    if (!rs.next()) {
                        out.add(warn(name, "the query returned no row"));
                        continue;
                    }
                    boolean detail = rs.getMetaData().getColumnCount() > 1;
                    String value = String.valueOf(rs.getString(1));
                    out.add(new CheckResult(
                            name, CheckStatus.PASS, "", value, detail ? String.valueOf(rs.getString(2)) : "", false));
                }
            } catch (SQLException e) {
                out.add(warn(name, "unable to read: " + SqlErrors.cause(e)));
            }
        }
        return out;
    }

    private static CheckResult warn(String name, String detail) {
        return new CheckResult(name, CheckStatus.WARN, "", "", detail, false);
    }
}
