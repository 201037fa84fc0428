package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.audit.AuditAction;
import dev.veil.auth.admin.AdminPrincipal;
import dev.veil.auth.admin.Role;
import dev.veil.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the documents say is what the code does. */
class DocsMatchBehaviourTest {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  static String doc(String name) throws Exception {
    return Files.readString(Path.of("..").resolve(name));
  }

  /** The rows of the Markdown table whose header line is {@code header}: first cell to row. */
  static Map<String, String> table(String text, String header) {
    int at = text.indexOf(header);
    assertThat(at).as("table " + header).isNotNegative();
    Map<String, String> rows = new LinkedHashMap<>();
    List<String> lines = text.substring(at).lines().skip(2).toList();
    for (String line : lines) {
      if (!line.startsWith("|")) {
        break;
      }
      String first = line.substring(1, line.indexOf('|', 1)).trim();
      Matcher m = CODE.matcher(first);
      rows.put(m.find() ? m.group(1) : first, line);
    }
    return rows;
  }

  static List<String> codes(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Regression: docs/audit.md named {@code api_key.created}, which the log never holds. */
  @Test
  void theAuditActionsInTheDocsAreExactlyTheOnesTheLogHolds() throws Exception {
    List<String> documented = new ArrayList<>(table(doc("docs/audit.md"), "| action | when |")
        .keySet());
    List<String> actual = Arrays.stream(AuditAction.values()).map(AuditAction::wireName).toList();

    assertThat(documented).containsExactlyElementsOf(actual);
    String entries = table(doc("docs/audit.md"), "| key | value |").get("action");
    assertThat(codes(entries)).filteredOn(c -> c.contains(".")).isSubsetOf(actual);
  }

  /** Regression: the actor list left out the CLI's {@code cli:<os user>}. */
  @Test
  void everyKindOfAuditActorIsDocumented() throws Exception {
    String row = table(doc("docs/audit.md"), "| key | value |").get("actor");
    List<String> forms = codes(row.substring(row.indexOf("who acted")));
    List<Pattern> patterns = forms.stream().map(f -> Pattern.compile(
        Pattern.quote(f).replace("NAME", "\\E[A-Za-z0-9._-]+\\Q")
            .replace("OSUSER", "\\E[A-Za-z0-9._-]+\\Q"))).toList();

    for (String actor : List.of(OpsSupport.actor(), "cli",
        new AdminPrincipal("alice", Role.AUDITOR).actor(), "system", "unknown")) {
      assertThat(patterns).as(actor).anySatisfy(p -> assertThat(actor).matches(p));
    }
    assertThat(forms).contains("cli:OSUSER").doesNotContain("oidc:SUBJECT", "apikey:ID");
  }

  @Test
  void theRolesTableListsEveryRoleWithExactlyItsPermissions() throws Exception {
    Map<String, String> rows = table(doc("docs/operations.md"), "| role | permissions |");

    assertThat(rows.keySet()).containsExactlyElementsOf(
        Arrays.stream(Role.values()).map(Role::wireName).toList());
    for (Role role : Role.values()) {
      String row = rows.get(role.wireName());
      Set<String> documented = new TreeSet<>(codes(row.substring(row.indexOf('|', 1))));
      Set<String> actual = role.permissions().stream()
          .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
      assertThat(documented).as(role.wireName()).isEqualTo(actual);
    }
  }

  /** Regression: "Try it" asked for a key while the first start was still making the data dir. */
  @Test
  void tryItWaitsForTheDefaultAdminListenerToBeReadyBeforeUsingTheGateway() throws Exception {
    String readme = doc("README.md");
    int from = readme.indexOf("Try it:");
    String block = readme.substring(readme.indexOf("```sh", from),
        readme.indexOf("```", readme.indexOf("```sh", from) + 5));
    String admin = ConfigLoader.load(null, Map.of(), Map.of()).adminListen().toString()
        .replace("127.0.0.1", "localhost");

    int serve = block.indexOf("./veil serve &");
    int ready = block.indexOf("https://" + admin + "/readyz");
    assertThat(serve).isNotNegative();
    assertThat(ready).isGreaterThan(serve);
    assertThat(block.substring(serve, ready)).contains("until ");
    assertThat(block.indexOf("./veil keys")).isGreaterThan(ready);
    assertThat(block.indexOf("curl --cacert veil-data/tls/ca.pem https://localhost:8443"))
        .isGreaterThan(ready);
  }
}
