package dev.veil.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code veil.yaml}, applies environment overrides and command-line flags, and validates
 * the result into a {@link VeilConfig}.
 *
 * <p>Precedence, lowest first: built-in defaults, the file, environment variables, flags.
 *
 * <p><b>Environment variables.</b> Every scalar setting can be overridden by the variable named
 * {@code VEIL_} followed by its key path in upper case, with dots and dashes replaced by
 * underscores and list positions as numbers: {@code server.listen} is {@code VEIL_SERVER_LISTEN},
 * {@code guards.enabled} is {@code VEIL_GUARDS_ENABLED}, the first provider's {@code base_url} is
 * {@code VEIL_PROVIDERS_0_BASE_URL}. Overrides apply to keys that exist in the defaults or in the
 * file.
 *
 * <h2>Security</h2>
 * Secrets are never values in the file: providers name an environment variable ({@code
 * api_key_env}) or a file ({@code api_key_file}). Error messages quote configuration values, so
 * keep secrets out of the file in the first place.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Set<String> PROVIDER_TYPES = Set.of("openai", "azure-openai", "inspect");

  private static final String DEFAULTS =
      """
      server:
        listen: 127.0.0.1:8443
        tls:
          cert_file: null
          key_file: null
        plain_http: false
        allow_plain_http_on_non_loopback: false
      admin:
        listen: 127.0.0.1:9443
      data_dir: ./veil-data
      database:
        url: null
        user: null
        password_env: null
      limits:
        max_body_bytes: 4194304
        max_json_depth: 64
        max_string_length: 1048576
        max_connections_per_client: 256
        max_inspected_chars: 1048576
        max_concurrent_inspections_per_key: 2
        inspection_wait: 1s
      timeouts:
        connect: 10s
        first_byte: 120s
        stream_idle: 120s
        client: 30s
        shutdown_grace: 30s
      guards:
        enabled: true
      request_records:
        durable: true
      tenant: default
      kek:
        provider: local
        development_mode: false
        pkcs11_library: null
        pkcs11_slot: 0
        pkcs11_pin_env: null
      providers: []
      models: []
      redis:
        url: null
        password_env: null
        timeout: 250ms
        on_failure: closed
      unprotected_passthrough:
        endpoints: []
        provider: null
      """;

  private ConfigLoader() {}

  /**
   * Loads the configuration.
   *
   * @param file the YAML file, or {@code null} for defaults only
   * @param env the environment (normally {@link System#getenv()})
   * @param flags overrides from the command line, keyed by dotted path ({@code server.listen})
   * @throws ConfigException naming file, key and fix
   */
  public static VeilConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
    String source = file == null ? "defaults" : file.toString();
    ObjectNode tree = parse(DEFAULTS, "defaults");
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(source, "(file)", "the file does not exist",
            "check the --config path");
      }
      try {
        JsonNode fromFile = YAML.readTree(file.toFile());
        if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
          if (!(fromFile instanceof ObjectNode obj)) {
            throw new ConfigException(source, "(top level)", "is not a mapping",
                "write keys such as server: and providers: at the top level");
          }
          KnownKeys.check(source, obj);
          merge(tree, obj, "", source);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        var at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw new ConfigException(source, "(file)", "is not valid YAML" + where + " ("
            + firstLine(e.getOriginalMessage()) + ")", "fix the YAML syntax there");
      } catch (IOException e) {
        throw new ConfigException(source, "(file)", "cannot be read (" + firstLine(e.getMessage())
            + ")", "check the file's permissions");
      }
    }
    Map<String, String> fromEnv = new java.util.HashMap<>();
    applyEnv(tree, "VEIL", "", env, fromEnv);
    flags.forEach((path, value) -> {
      setPath(tree, path, value);
      fromEnv.put(path, "the command line");
    });
    try {
      return new Binder(source, tree, env).bind();
    } catch (ConfigException e) {
      String origin = fromEnv.get(e.key());
      throw origin == null ? e : e.from(origin);
    }
  }

  private static ObjectNode parse(String yaml, String source) {
    try {
      return (ObjectNode) YAML.readTree(yaml);
    } catch (IOException e) {
      throw new IllegalStateException("built-in " + source + " are not valid YAML", e);
    }
  }

  private static void merge(ObjectNode into, ObjectNode from, String prefix, String source) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      var e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode sub) {
        merge(target, sub, prefix + e.getKey() + ".", source);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Applies {@code VEIL_...} variables; records in {@code applied} which path each one set. */
  private static void applyEnv(JsonNode node, String name, String path, Map<String, String> env,
      Map<String, String> applied) {
    if (node instanceof ObjectNode obj) {
      List<String> names = new ArrayList<>();
      obj.fieldNames().forEachRemaining(names::add);
      for (String field : names) {
        JsonNode child = obj.get(field);
        String childName = name + "_" + envPart(field);
        String childPath = path.isEmpty() ? field : path + "." + field;
        if (child.isValueNode() || child.isNull()) {
          String v = env.get(childName);
          if (v != null) {
            obj.set(field, TextNode.valueOf(v));
            applied.put(childPath, "environment variable " + childName);
          }
        } else {
          applyEnv(child, childName, childPath, env, applied);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        JsonNode child = arr.get(i);
        String childName = name + "_" + i;
        String childPath = path + "[" + i + "]";
        if (child.isValueNode()) {
          String v = env.get(childName);
          if (v != null) {
            arr.set(i, TextNode.valueOf(v));
            applied.put(childPath, "environment variable " + childName);
          }
        } else {
          applyEnv(child, childName, childPath, env, applied);
        }
      }
    }
  }

  private static String envPart(String key) {
    return key.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static void setPath(ObjectNode tree, String path, String value) {
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = node.get(parts[i]);
      if (next instanceof ObjectNode obj) {
        node = obj;
      } else {
        ObjectNode created = JsonNodeFactory.instance.objectNode();
        node.set(parts[i], created);
        node = created;
      }
    }
    node.put(parts[parts.length - 1], value);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Turns the merged tree into records, failing on the first bad value. */
  private record Binder(String source, ObjectNode tree, Map<String, String> env) {

    VeilConfig bind() {
      Path dataDir = Path.of(text("data_dir", true));
      HostPort listen = hostPort("server.listen");
      boolean plain = bool("server.plain_http");
      boolean plainAnywhere = bool("server.allow_plain_http_on_non_loopback");
      if (plain && !listen.isLoopback() && !plainAnywhere) {
        throw new ConfigException(source, "server.plain_http",
            "plain HTTP on the non-loopback address " + listen + " would expose API keys and"
                + " prompts on the network",
            "use TLS (remove plain_http), listen on 127.0.0.1, or also set"
                + " server.allow_plain_http_on_non_loopback: true");
      }
      String cert = text("server.tls.cert_file", false);
      String key = text("server.tls.key_file", false);
      if ((cert == null) != (key == null)) {
        throw new ConfigException(source, cert == null ? "server.tls.cert_file"
            : "server.tls.key_file", "is missing while the other TLS file is set",
            "set both server.tls.cert_file and server.tls.key_file, or neither to use the local"
                + " CA");
      }
      var server = new VeilConfig.Server(listen, cert == null ? null : Path.of(cert),
          key == null ? null : Path.of(key), plain, plainAnywhere);
      HostPort admin = hostPort("admin.listen");
      String dbUrl = text("database.url", false);
      if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
        throw new ConfigException(source, "database.url", "'" + dbUrl + "' is not supported",
            "give a jdbc:postgresql://HOST:PORT/DB URL, or remove it to use SQLite in data_dir");
      }
      var database = new VeilConfig.Database(dbUrl, text("database.user", false),
          text("database.password_env", false));
      var limits = new VeilConfig.Limits(
          intIn("limits.max_body_bytes", 1024, 256 * 1024 * 1024),
          intIn("limits.max_json_depth", 4, 1000),
          intIn("limits.max_string_length", 64, 256 * 1024 * 1024),
          intIn("limits.max_connections_per_client", 1, 1_000_000),
          intIn("limits.max_inspected_chars", 1024, Integer.MAX_VALUE),
          intIn("limits.max_concurrent_inspections_per_key", 1, 1_000_000),
          duration("limits.inspection_wait"));
      var timeouts = new VeilConfig.Timeouts(duration("timeouts.connect"),
          duration("timeouts.first_byte"), duration("timeouts.stream_idle"),
          duration("timeouts.client"), duration("timeouts.shutdown_grace"));
      List<VeilConfig.ProviderConfig> providers = providers();
      List<VeilConfig.ModelConfig> models = models(providers);
      if (providers.isEmpty()) {
        providers = List.of(new VeilConfig.ProviderConfig("inspect", "inspect", null, null, null,
            null, true));
        if (models.isEmpty()) {
          models = List.of(new VeilConfig.ModelConfig("*", "inspect", null));
        }
      }
      return new VeilConfig(source, server, admin, dataDir, database, limits, timeouts,
          bool("guards.enabled"), providers, models, bool("request_records.durable"),
          passthrough(providers, models), tree);
    }

    /** Endpoints Veil protects itself, which may not be relayed unprotected. */
    private static final Set<String> PROTECTED = Set.of("chat", "completions", "embeddings",
        "models");
    private static final Pattern ENDPOINT = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /**
     * {@code unprotected_passthrough}: the listed endpoints and the provider that gets them,
     * named or else the only {@code openai}-type provider (or the one the {@code "*"} model
     * route names). Azure and the {@code inspect} provider cannot take them: their URLs do not
     * follow OpenAI's layout.
     */
    private VeilConfig.Passthrough passthrough(List<VeilConfig.ProviderConfig> providers,
        List<VeilConfig.ModelConfig> models) {
      String at = "unprotected_passthrough.endpoints";
      JsonNode list = at(at);
      Set<String> endpoints = new java.util.TreeSet<>();
      if (list != null && !list.isNull()) {
        List<String> names = new ArrayList<>();
        if (list.isArray()) {
          list.forEach(n -> names.add(n.isValueNode() ? n.asText() : ""));
        } else if (list.isTextual()) {
          for (String part : list.asText().split(",")) {
            if (!part.isBlank()) {
              names.add(part.strip());
            }
          }
        } else {
          throw new ConfigException(source, at, "is not a list",
              "write a list of endpoint names, e.g. [files, audio]");
        }
        for (String name : names) {
          if (!ENDPOINT.matcher(name).matches()) {
            throw new ConfigException(source, at, "'" + name + "' is not an endpoint name",
                "write the first path segment after /v1/, e.g. files for /v1/files");
          }
          if (PROTECTED.contains(name)) {
            throw new ConfigException(source, at, "'" + name + "' is an endpoint Veil protects",
                "remove it: Veil scans and restores /v1/" + name + " itself");
          }
          endpoints.add(name);
        }
      }
      String named = text("unprotected_passthrough.provider", false);
      if (endpoints.isEmpty()) {
        return new VeilConfig.Passthrough(Set.of(), null);
      }
      List<String> openai = providers.stream().filter(p -> p.type().equals("openai"))
          .map(VeilConfig.ProviderConfig::name).toList();
      String provider = named;
      if (provider == null) {
        provider = models.stream().filter(m -> m.name().equals("*"))
            .map(VeilConfig.ModelConfig::provider).filter(openai::contains).findFirst()
            .orElse(openai.size() == 1 ? openai.get(0) : null);
      }
      if (provider == null || !openai.contains(provider)) {
        throw new ConfigException(source, "unprotected_passthrough.provider",
            provider == null ? "is missing" : "'" + provider + "' is not an openai-type provider",
            "name the openai-type provider that receives the listed endpoints: one of "
                + openai);
      }
      return new VeilConfig.Passthrough(endpoints, provider);
    }

    private List<VeilConfig.ProviderConfig> providers() {
      JsonNode list = tree.get("providers");
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw new ConfigException(source, "providers", "is not a list",
            "write providers as a YAML list of entries starting with '- name:'");
      }
      List<VeilConfig.ProviderConfig> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "providers[" + i + "]";
        JsonNode p = list.get(i);
        String name = required(p, at, "name", "give each provider a name, e.g. name: openai");
        if (!names.add(name)) {
          throw new ConfigException(source, at + ".name", "'" + name + "' is used twice",
              "give each provider a unique name");
        }
        String type = required(p, at, "type", "set type: openai, azure-openai or inspect");
        if (!PROVIDER_TYPES.contains(type)) {
          throw new ConfigException(source, at + ".type", "'" + type + "' is not a provider type",
              "use openai, azure-openai or inspect");
        }
        URI base = null;
        if (!type.equals("inspect")) {
          String url = required(p, at, "base_url",
              "set base_url, e.g. https://api.openai.com/v1");
          base = baseUrl(at + ".base_url", url);
        }
        String keyEnv = optional(p, "api_key_env");
        String keyFile = optional(p, "api_key_file");
        if (keyEnv != null && keyFile != null) {
          throw new ConfigException(source, at + ".api_key_env",
              "is set together with api_key_file", "keep only one of the two");
        }
        if (p.has("api_key")) {
          throw new ConfigException(source, at + ".api_key",
              "secrets are not accepted in the configuration file",
              "put the key in an environment variable and write api_key_env: ITS_NAME, or in a"
                  + " file and write api_key_file: PATH");
        }
        String version = optional(p, "api_version");
        if (type.equals("azure-openai") && version == null) {
          throw new ConfigException(source, at + ".api_version",
              "is required for azure-openai", "set api_version, e.g. 2024-10-21");
        }
        String store = optional(p, "send_store_false");
        out.add(new VeilConfig.ProviderConfig(name, type, base, keyEnv,
            keyFile == null ? null : Path.of(keyFile), version,
            store == null || parseBool(at + ".send_store_false", store)));
      }
      return out;
    }

    private List<VeilConfig.ModelConfig> models(List<VeilConfig.ProviderConfig> providers) {
      JsonNode list = tree.get("models");
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw new ConfigException(source, "models", "is not a list",
            "write models as a YAML list of entries starting with '- name:'");
      }
      Set<String> providerNames = new HashSet<>();
      providers.forEach(p -> providerNames.add(p.name()));
      List<VeilConfig.ModelConfig> out = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        String at = "models[" + i + "]";
        JsonNode m = list.get(i);
        String name = required(m, at, "name", "give each model the name clients ask for");
        if (!names.add(name)) {
          throw new ConfigException(source, at + ".name", "'" + name + "' is listed twice",
              "list each model once");
        }
        String provider = required(m, at, "provider", "name one of the providers");
        if (!providerNames.contains(provider)) {
          throw new ConfigException(source, at + ".provider",
              "'" + provider + "' is not a configured provider",
              "use one of " + providerNames + " or add it under providers:");
        }
        String upstream = optional(m, "upstream_model");
        if (upstream == null && !name.equals("*")) {
          upstream = name;
        }
        boolean azure = providers.stream().anyMatch(pc -> pc.name().equals(provider)
            && "azure-openai".equals(pc.type()));
        if (azure && upstream != null && !VeilConfig.ProviderConfig.validAzureDeployment(upstream)) {
          throw new ConfigException(source, at + (m.has("upstream_model") ? ".upstream_model" : ".name"),
              "'" + upstream + "' is not a valid Azure deployment name",
              "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        out.add(new VeilConfig.ModelConfig(name, provider, upstream));
      }
      return out;
    }

    private URI baseUrl(String key, String url) {
      URI uri;
      try {
        uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      } catch (URISyntaxException e) {
        throw new ConfigException(source, key, "'" + url + "' is not a URL",
            "write e.g. https://api.openai.com/v1");
      }
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
        throw new ConfigException(source, key, "'" + url + "' is not an http(s) URL",
            "write e.g. https://api.openai.com/v1");
      }
      if ("http".equals(scheme) && !HostPort.isLoopbackHost(stripBrackets(uri.getHost()))) {
        throw new ConfigException(source, key, "plain http to " + uri.getHost()
            + " would send prompts and keys unencrypted",
            "use https, or plain http only to a server on this machine (127.0.0.1, localhost)");
      }
      return uri;
    }

    private static String stripBrackets(String host) {
      return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private JsonNode at(String path) {
      JsonNode node = tree;
      for (String part : path.split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      return node;
    }

    private String text(String path, boolean required) {
      JsonNode n = at(path);
      if (n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty())) {
        if (required) {
          throw new ConfigException(source, path, "is missing", "set a value");
        }
        return null;
      }
      if (!n.isValueNode()) {
        throw new ConfigException(source, path, "is not a single value", "write a plain value");
      }
      return n.asText();
    }

    private HostPort hostPort(String path) {
      String v = text(path, true);
      HostPort hp = HostPort.parse(v);
      if (hp == null) {
        throw new ConfigException(source, path, "'" + v + "' is not HOST:PORT",
            "write e.g. 127.0.0.1:8443");
      }
      return hp;
    }

    private boolean bool(String path) {
      return parseBool(path, text(path, true));
    }

    private boolean parseBool(String path, String v) {
      return switch (v.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on", "1" -> true;
        case "false", "no", "off", "0" -> false;
        default -> throw new ConfigException(source, path, "'" + v + "' is not true or false",
            "write true or false");
      };
    }

    private int intIn(String path, int min, int max) {
      String v = text(path, true);
      try {
        int i = Integer.parseInt(v);
        if (i >= min && i <= max) {
          return i;
        }
      } catch (NumberFormatException e) {
        // reported below with the allowed range
      }
      throw new ConfigException(source, path, "'" + v + "' is not a whole number from " + min
          + " to " + max, "write a number in that range");
    }

    private Duration duration(String path) {
      String v = text(path, true);
      Matcher m = DURATION.matcher(v);
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new ConfigException(source, path, "'" + v + "' is not a duration",
            "write a positive number with a unit: ms, s, m, h or d (e.g. 30s)");
      }
      return parseDuration(v);
    }

    private String required(JsonNode obj, String at, String field, String fix) {
      String v = optional(obj, field);
      if (v == null) {
        throw new ConfigException(source, at + "." + field, "is missing", fix);
      }
      return v;
    }

    private String optional(JsonNode obj, String field) {
      JsonNode n = obj == null ? null : obj.get(field);
      return n == null || n.isNull() || !n.isValueNode() || n.asText().isEmpty() ? null
          : n.asText();
    }
  }

  /**
   * Parses {@code 30s}, {@code 500ms}, {@code 5m}, {@code 2h}, {@code 30d}.
   *
   * @throws IllegalArgumentException if {@code s} is not of that form
   */
  public static Duration parseDuration(String s) {
    Matcher m = DURATION.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration (use e.g. 30s, 5m, 2h, 30d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
