package dev.veil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  Path yaml(String content) throws Exception {
    Path f = dir.resolve("veil.yaml");
    Files.writeString(f, content);
    return f;
  }

  @Test
  void noConfigurationGivesTlsListenersOnLoopbackAndTheInspectProvider() {
    VeilConfig c = ConfigLoader.load(null, Map.of(), Map.of());

    assertThat(c.server().listen()).isEqualTo(new HostPort("127.0.0.1", 8443));
    assertThat(c.adminListen()).isEqualTo(new HostPort("127.0.0.1", 9443));
    assertThat(c.server().plainHttp()).isFalse();
    assertThat(c.dataDir()).isEqualTo(Path.of("./veil-data"));
    assertThat(c.guardsEnabled()).isTrue();
    assertThat(c.providers()).singleElement().satisfies(p ->
        assertThat(p.type()).isEqualTo("inspect"));
    assertThat(c.model("anything")).isPresent();
  }

  @Test
  void theIssueExampleIsReadIntoTypedRecords() throws Exception {
    VeilConfig c = ConfigLoader.load(yaml("""
        providers:
          - name: local
            type: openai
            base_url: http://127.0.0.1:18080/v1
            api_key_env: LOCAL_API_KEY
        models:
          - name: gpt-4o-mini
            provider: local
            upstream_model: gpt-4o-mini
          - name: small
            provider: local
        policies:
          default: { action: mask }
        """), Map.of(), Map.of());

    assertThat(c.providers()).singleElement().satisfies(p -> {
      assertThat(p.baseUrl().toString()).isEqualTo("http://127.0.0.1:18080/v1");
      assertThat(p.apiKeyEnv()).isEqualTo("LOCAL_API_KEY");
      assertThat(p.sendStoreFalse()).isTrue();
    });
    assertThat(c.model("small").orElseThrow().upstreamModel()).isEqualTo("small");
    assertThat(c.model("unknown")).isEmpty();
    assertThat(c.raw().get("policies").get("default").get("action").asText()).isEqualTo("mask");
  }

  @Test
  void environmentVariablesOverrideTheFileAndFlagsOverrideBoth() throws Exception {
    Path f = yaml("""
        server:
          listen: 127.0.0.1:1000
        providers:
          - name: local
            type: openai
            base_url: http://127.0.0.1:18080/v1
        """);
    Map<String, String> env = Map.of(
        "VEIL_SERVER_LISTEN", "127.0.0.1:2000",
        "VEIL_GUARDS_ENABLED", "false",
        "VEIL_TIMEOUTS_STREAM_IDLE", "5s",
        "VEIL_PROVIDERS_0_BASE_URL", "http://localhost:9999/v1",
        "VEIL_ADMIN_LISTEN", "127.0.0.1:3000");

    VeilConfig c = ConfigLoader.load(f, env, Map.of("admin.listen", "127.0.0.1:4000"));

    assertThat(c.server().listen().port()).isEqualTo(2000);
    assertThat(c.guardsEnabled()).isFalse();
    assertThat(c.timeouts().streamIdle()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.providers().get(0).baseUrl().getPort()).isEqualTo(9999);
    assertThat(c.adminListen().port()).isEqualTo(4000);
  }

  @Test
  void aBadListenAddressNamesTheFileTheKeyAndTheFix() throws Exception {
    Path f = yaml("server:\n  listen: 8443\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("server.listen")
        .hasMessageContaining("127.0.0.1:8443");
  }

  /** Regression: a bad value from a variable or a flag was blamed on the file. */
  @Test
  void aBadValueFromTheEnvironmentOrAFlagNamesWhereItWasSet() throws Exception {
    Path f = yaml("server:\n  listen: 127.0.0.1:8443\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of("VEIL_SERVER_LISTEN", "8443"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("environment variable VEIL_SERVER_LISTEN: server.listen: '8443'")
        .hasMessageNotContaining(f.toString());
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of("timeouts.client", "soon")))
        .hasMessageStartingWith("the command line: timeouts.client: 'soon' is not a duration");
  }

  @Test
  void plainHttpOnANonLoopbackAddressNeedsASecondSetting() throws Exception {
    Path f = yaml("server:\n  listen: 0.0.0.0:8080\n  plain_http: true\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining("server.plain_http")
        .hasMessageContaining("allow_plain_http_on_non_loopback");

    Path ok = yaml("server:\n  listen: 0.0.0.0:8080\n  plain_http: true\n"
        + "  allow_plain_http_on_non_loopback: true\n");
    assertThat(ConfigLoader.load(ok, Map.of(), Map.of()).server().plainHttp()).isTrue();
    assertThat(ConfigLoader.load(null, Map.of("VEIL_SERVER_PLAIN_HTTP", "true"), Map.of())
        .server().plainHttp()).isTrue();
  }

  @Test
  void plainHttpUpstreamsAreOnlyAllowedOnLoopback() throws Exception {
    Path f = yaml("""
        providers:
          - name: remote
            type: openai
            base_url: http://api.example.com/v1
        """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining("providers[0].base_url")
        .hasMessageContaining("https");
  }

  @Test
  void secretsWrittenInTheFileAreRejected() throws Exception {
    Path f = yaml("""
        providers:
          - name: openai
            type: openai
            base_url: https://api.openai.com/v1
            api_key: sk-should-not-be-here
        """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining("providers[0].api_key")
        .hasMessageContaining("api_key_env")
        .hasMessageNotContaining("sk-should-not-be-here");
  }

  @Test
  void aModelNamingAnUnknownProviderIsRejected() throws Exception {
    Path f = yaml("""
        providers:
          - name: local
            type: openai
            base_url: http://127.0.0.1:1/v1
        models:
          - name: m
            provider: elsewhere
        """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining("models[0].provider")
        .hasMessageContaining("local");
  }

  @Test
  void unknownProviderTypesBadDurationsAndBadNumbersAreRejected() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(yaml(
        "providers:\n  - name: x\n    type: magic\n"), Map.of(), Map.of()))
        .hasMessageContaining("providers[0].type");
    assertThatThrownBy(() -> ConfigLoader.load(yaml("timeouts:\n  connect: soon\n"), Map.of(),
        Map.of())).hasMessageContaining("timeouts.connect");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VEIL_LIMITS_MAX_JSON_DEPTH", "-1"),
        Map.of())).hasMessageContaining("limits.max_json_depth");
    assertThatThrownBy(() -> ConfigLoader.load(yaml("guards:\n  enabled: maybe\n"), Map.of(),
        Map.of())).hasMessageContaining("guards.enabled");
  }

  @Test
  void azureNeedsAnApiVersion() throws Exception {
    Path f = yaml("""
        providers:
          - name: az
            type: azure-openai
            base_url: https://example.openai.azure.com
        """);
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining("providers[0].api_version");
  }

  @Test
  void invalidYamlNamesTheFileTheLineAndTheColumn() throws Exception {
    Path f = yaml("server:\n  listen: 127.0.0.1:8443\n  tls: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of()))
        .hasMessageContaining(f.toString())
        .hasMessageContaining("YAML")
        .hasMessageMatching("(?s).*line \\d+, column \\d+.*");
  }

  @Test
  void aMisspeltKeyAnywhereStopsStartUpNamingTheNearestKnownKey() throws Exception {
    // regression: these started silently, the last one sending no provider key upstream
    assertThatThrownBy(() -> ConfigLoader.load(yaml("sevrer:\n  listen: 127.0.0.1:1\n"), Map.of(), Map.of()))
        .hasMessageContaining("sevrer: unknown key").hasMessageContaining("did you mean server?");
    assertThatThrownBy(() -> ConfigLoader.load(yaml("server:\n  lisen: 127.0.0.1:1\n"), Map.of(), Map.of()))
        .hasMessageContaining("server.lisen: unknown key")
        .hasMessageContaining("did you mean server.listen?");
    assertThatThrownBy(() -> ConfigLoader.load(yaml("""
        providers:
          - name: o
            type: openai
            base_url: https://api.openai.com/v1
            api_key_envv: OPENAI_API_KEY
        """), Map.of(), Map.of()))
        .hasMessageContaining("providers[0].api_key_envv: unknown key")
        .hasMessageContaining("did you mean providers[0].api_key_env?");
  }

  @Test
  void everyDocumentedKeyIsKnown() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    int from = readme.indexOf("```yaml\nserver:");
    String block = readme.substring(from + 8, readme.indexOf("```", from + 8));
    ConfigLoader.load(yaml(block.replace("AZURE_OPENAI_KEY", "AZ")), Map.of("LOCAL_API_KEY", "k", "AZ", "k"), Map.of());
    // sections read by other packages than the loader are known too
    ConfigLoader.load(yaml("""
        audit:
          tree_head_interval: 5m
        retention:
          interval: 2m
        admin:
          oidc:
            issuer: https://login.example.com
            client_id: veil
            client_secret_env: OIDC_SECRET
            redirect_uri: https://127.0.0.1:9443/admin/oidc/callback
            groups_claim: groups
            group_roles:
              sec-team: auditor
        """), Map.of(), Map.of());
  }

  @Test
  void loopbackHostsAreRecognised() {
    assertThat(HostPort.parse("127.0.0.1:1").isLoopback()).isTrue();
    assertThat(HostPort.parse("[::1]:1").isLoopback()).isTrue();
    assertThat(HostPort.parse("localhost:1").isLoopback()).isTrue();
    assertThat(HostPort.parse("0.0.0.0:1").isLoopback()).isFalse();
    assertThat(HostPort.parse("127.example.com:1").isLoopback()).isFalse();
    assertThat(HostPort.parse("8443")).isNull();
  }

  @Test
  void unprotectedPassthroughIsOffByDefaultAndItsEndpointsGoToTheNamedOpenAiProvider()
      throws Exception {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).passthrough().endpoints()).isEmpty();
    String providers = """
        providers:
          - name: a
            type: openai
            base_url: http://127.0.0.1:1/v1
          - name: b
            type: openai
            base_url: http://127.0.0.1:2/v1
        """;
    VeilConfig c = ConfigLoader.load(yaml(providers + """
        unprotected_passthrough:
          endpoints: [files, audio]
          provider: b
        """), Map.of(), Map.of());

    assertThat(c.passthrough().endpoints()).containsExactlyInAnyOrder("files", "audio");
    assertThat(c.passthrough().provider()).isEqualTo("b");
    assertThat(ConfigLoader.load(yaml(providers), Map.of(),
        Map.of("unprotected_passthrough.endpoints", "files,batches",
            "unprotected_passthrough.provider", "a")).passthrough().endpoints())
        .containsExactlyInAnyOrder("files", "batches");
    assertThatThrownBy(() -> ConfigLoader.load(yaml(providers), Map.of(),
        Map.of("unprotected_passthrough.endpoints", "files")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unprotected_passthrough.provider");
  }

  @Test
  void protectedEndpointsAndBadNamesCannotBeListedForUnprotectedPassthrough() throws Exception {
    for (String bad : new String[] {"chat", "embeddings", "Files", "../x"}) {
      assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
          Map.of("unprotected_passthrough.endpoints", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("unprotected_passthrough.endpoints");
    }
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
        Map.of("unprotected_passthrough.endpoints", "files")))
        .as("the inspect provider cannot relay")
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unprotected_passthrough.provider");
  }
}
