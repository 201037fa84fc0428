package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A changed configuration or policy is an audit event, recorded at the start that applies it. */
class ConfigAuditTest {
  @TempDir Path dir;

  private static List<String> entries(GatewayHarness h) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = h.gateway.database().connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT entry FROM audit_entry ORDER BY idx")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(List<String> entries, String action) {
    return entries.stream().filter(e -> e.contains("\"" + action + "\"")).count();
  }

  @Test
  void aChangedConfigurationAndChangedPoliciesAreAuditedAtTheStartThatAppliesThem()
      throws Exception {
    String strict = """
        policies:
          - name: default
            entities: {EMAIL_ADDRESS: block}
        """;
    try (GatewayHarness h = new GatewayHarness(dir, "")) {
      List<String> first = entries(h);
      assertThat(count(first, "config.changed")).isEqualTo(1);
      assertThat(count(first, "policy.changed")).isEqualTo(1);
    }
    try (GatewayHarness h = new GatewayHarness(dir, strict)) {
      List<String> changed = entries(h);
      assertThat(count(changed, "policy.changed")).isEqualTo(2);
      assertThat(String.join("\n", changed)).doesNotContain("EMAIL_ADDRESS");
    }
  }
}
