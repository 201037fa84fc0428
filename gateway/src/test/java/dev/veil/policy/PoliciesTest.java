package dev.veil.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.veil.detect.EntityType;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode policies(String yaml) {
    try {
      return YAML.readTree(yaml).get("policies");
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static void assertRejected(String yaml, String key, String hint) {
    assertThatThrownBy(() -> Policies.parse(policies(yaml)))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageStartingWith(key + ": ")
        .hasMessageContaining(hint)
        .satisfies(e -> assertThat(((PolicyConfigException) e).key()).isEqualTo(key));
  }

  @Test
  void fullPolicyIsParsed() {
    Policies ps = Policies.parse(policies("""
        policies:
          - name: support
            personal_data: mask
            entities:
              EMAIL_ADDRESS: pseudonymize
              PERSON: {action: hash, min_score: 0.8}
              SECRET: block
              URL: allow
            min_score: 0.6
            allow:
              values: [help@acme.example]
              patterns: ['.*@acme\\.example']
            scan: [user, tool_arguments]
            output: mask
            surrogates: synthetic
            non_text: allow
        """));
    Policy p = ps.get("support");
    assertThat(p.action(EntityType.EMAIL_ADDRESS)).isEqualTo(Action.PSEUDONYMIZE);
    assertThat(p.action(EntityType.PERSON)).isEqualTo(Action.HASH);
    assertThat(p.action(EntityType.PHONE_NUMBER)).isEqualTo(Action.MASK);
    assertThat(p.action(EntityType.URL)).isEqualTo(Action.ALLOW);
    assertThat(p.action(EntityType.SECRET)).isEqualTo(Action.BLOCK);
    assertThat(p.minScore(EntityType.PERSON)).isEqualTo(0.8);
    assertThat(p.minScore(EntityType.EMAIL_ADDRESS)).isEqualTo(0.6);
    assertThat(p.allow().allows("Help@Acme.example")).isTrue();
    assertThat(p.allow().allows("bob@acme.example")).isTrue();
    assertThat(p.allow().allows("bob@acme.example.evil")).isFalse();
    assertThat(p.scan()).containsExactlyInAnyOrder(ScanPart.USER, ScanPart.TOOL_ARGUMENTS);
    assertThat(p.output()).isEqualTo(OutputAction.MASK);
    assertThat(p.surrogates()).isEqualTo(SurrogateStyle.SYNTHETIC);
    assertThat(p.allowNonText()).isTrue();
    assertThat(ps.defaultPolicy()).isSameAs(Policy.defaults());
    assertThat(ps.names()).containsExactly("support", "default");
  }

  @Test
  void defaultPolicyBlocksSecretsAndPseudonymizesPersonalData() {
    Policy d = Policies.parse(null).defaultPolicy();
    for (EntityType t : EntityType.values()) {
      assertThat(d.action(t)).isEqualTo(t.isSecret() ? Action.BLOCK : Action.PSEUDONYMIZE);
    }
    assertThat(d.scan()).isEqualTo(EnumSet.allOf(ScanPart.class));
    assertThat(d.output()).isEqualTo(OutputAction.ALLOW);
    assertThat(d.surrogates()).isEqualTo(SurrogateStyle.TOKEN);
    assertThat(d.allowNonText()).isFalse();
    assertThat(d.minScore(EntityType.PERSON)).isEqualTo(0.5);
  }

  @Test
  void aPolicyNamedDefaultReplacesTheBuiltInOne() {
    Policies ps = Policies.parse(policies("policies: [{name: default, entities: {EMAIL_ADDRESS: redact}}]"));
    assertThat(ps.defaultPolicy().action(EntityType.EMAIL_ADDRESS)).isEqualTo(Action.REDACT);
    assertThat(ps.names()).containsExactly("default");
  }

  @Test
  void invalidSectionsAreRejectedNamingKeyAndFix() {
    assertRejected("policies: {name: x}", "policies", "must be a list");
    assertRejected("policies: [{entities: {}}]", "policies[0].name", "is required");
    assertRejected("policies: [{name: 'bad name'}]", "policies[0].name", "letters, digits");
    assertRejected("policies: [{name: a, colour: red}]", "policies[0].colour", "unknown key");
    assertRejected("policies: [{name: a, entities: {EMAIL: mask}}]", "policies[0].entities.EMAIL",
        "unknown entity type 'EMAIL'; use one of [PERSON");
    assertRejected("policies: [{name: a, entities: {EMAIL_ADDRESS: scramble}}]",
        "policies[0].entities.EMAIL_ADDRESS", "use one of [allow, mask, redact, pseudonymize, hash, block]");
    assertRejected("policies: [{name: a, entities: {PERSON: {min_score: 0.2}}}]",
        "policies[0].entities.PERSON.action", "is required");
    assertRejected("policies: [{name: a, entities: {PERSON: {action: mask, level: 2}}}]",
        "policies[0].entities.PERSON.level", "unknown key");
    assertRejected("policies: [{name: a, min_score: 2}]", "policies[0].min_score", "between 0 and 1");
    assertRejected("policies: [{name: a, allow: {patterns: ['(']}}]", "policies[0].allow.patterns[0]",
        "not a valid Java regular expression");
    assertRejected("policies: [{name: a, allow: {domains: [x]}}]", "policies[0].allow.domains", "unknown key");
    assertRejected("policies: [{name: a, scan: [user, images]}]", "policies[0].scan[1]", "use one of [system");
    assertRejected("policies: [{name: a, output: pseudonymize}]", "policies[0].output", "use one of [allow, mask, block]");
    assertRejected("policies: [{name: a, surrogates: fancy}]", "policies[0].surrogates", "[token, synthetic]");
    assertRejected("policies: [{name: a, non_text: maybe}]", "policies[0].non_text", "'refuse' (default) or 'allow'");
    assertRejected("policies: [{name: a}, {name: a}]", "policies[1].name", "duplicate policy name 'a'");
  }

  @Test
  void byDefaultNoContentIsKeptAndTheProviderMayNotStore() {
    Policy d = Policies.parse(policies("policies: [{name: default}]")).defaultPolicy();
    assertThat(d.store()).isEqualTo(StoreMode.NONE);
    assertThat(d.retention()).isEmpty();
    assertThat(d.upstreamStore()).isFalse();
    assertThat(Policy.defaults().store()).isEqualTo(StoreMode.NONE);
  }

  @Test
  void storeRetentionAndUpstreamStoreAreParsed() {
    Policies ps = Policies.parse(policies("""
        policies:
          - name: audit
            store: protected
            retention: 30d
          - name: debug
            store: original
            retention: 90s
            upstream_store: allow
          - name: quiet
            upstream_store: deny
        """));
    assertThat(ps.get("audit").store()).isEqualTo(StoreMode.PROTECTED);
    assertThat(ps.get("audit").retention()).hasValue(new Retention(Duration.ofDays(30)));
    assertThat(ps.get("audit").upstreamStore()).isFalse();
    assertThat(ps.get("debug").store()).isEqualTo(StoreMode.ORIGINAL);
    assertThat(ps.get("debug").retention()).hasValue(new Retention(Duration.ofSeconds(90)));
    assertThat(ps.get("debug").upstreamStore()).isTrue();
    assertThat(ps.get("quiet").store()).isEqualTo(StoreMode.NONE);
    assertThat(ps.get("quiet").upstreamStore()).isFalse();
    assertThat(ps.get("debug").toString()).contains("store=original", "upstream_store=true");
  }

  @Test
  void storageMistakesAreRejectedNamingKeyAndFix() {
    assertRejected("policies: [{name: a, store: everything}]", "policies[0].store",
        "use one of [none, protected, original]");
    assertRejected("policies: [{name: a, store: protected}]", "policies[0].retention",
        "retention is required with store: protected, e.g. retention: 30d");
    assertRejected("policies: [{name: a, retention: 30d}]", "policies[0].retention",
        "no effect with store: none");
    assertRejected("policies: [{name: a, store: original, retention: 30 days}]",
        "policies[0].retention", "must look like 30d, 12h, 15m or 90s");
    assertRejected("policies: [{name: a, store: original, retention: 0s}]",
        "policies[0].retention", "between 1s and 3650d");
    assertRejected("policies: [{name: a, upstream_store: true}]", "policies[0].upstream_store",
        "'deny' (default");
  }

  @Test
  void unknownPolicyNameIsReportedWithKnownNames() {
    assertThatThrownBy(() -> Policies.defaults().get("strict"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown policy 'strict'; known policies: [default]");
  }

  @Test
  void allowListToStringRevealsNoValues() {
    Policy p = Policies.parse(policies("policies: [{name: a, allow: {values: [ceo@acme.example]}}]")).get("a");
    assertThat(p.toString()).doesNotContain("ceo@acme.example").contains("1 values");
  }
}
