package dev.veil.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veil.detect.EntityType;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * The named policies of one gateway, parsed and validated from the {@code policies:} section of
 * {@code veil.yaml}; the shape is documented in {@code docs/policies.md}.
 *
 * <p>The policy named {@value Policy#DEFAULT_NAME} applies to API keys that name none; when the
 * section defines no such policy, {@link Policy#defaults()} is used under that name.
 */
public final class Policies {

  private static final Set<String> POLICY_KEYS = Set.of("name", "entities", "personal_data",
      "min_score", "allow", "scan", "output", "surrogates", "non_text", "store", "retention",
      "upstream_store");
  private static final Set<String> ENTITY_KEYS = Set.of("action", "min_score");
  private static final Set<String> ALLOW_KEYS = Set.of("values", "patterns");

  private final Map<String, Policy> byName;

  private Policies(Map<String, Policy> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Only {@link Policy#defaults()}. */
  public static Policies defaults() {
    return new Policies(new LinkedHashMap<>(Map.of(Policy.DEFAULT_NAME, Policy.defaults())));
  }

  /**
   * Parses the {@code policies:} section (a list of policy objects).
   *
   * @param section the section as a Jackson tree; {@code null} or a missing node gives {@link
   *     #defaults()}
   * @throws PolicyConfigException naming the offending key and the fix
   */
  public static Policies parse(JsonNode section) {
    if (section == null || section.isMissingNode() || section.isNull()) {
      return defaults();
    }
    if (!section.isArray()) {
      throw new PolicyConfigException("policies",
          "must be a list of policies, e.g. [{name: default, entities: {SECRET: block}}]");
    }
    Map<String, Policy> byName = new LinkedHashMap<>();
    for (int i = 0; i < section.size(); i++) {
      String at = "policies[" + i + "]";
      Policy p = parsePolicy(section.get(i), at);
      if (byName.putIfAbsent(p.name(), p) != null) {
        throw new PolicyConfigException(at + ".name",
            "duplicate policy name '" + p.name() + "'; give each policy its own name");
      }
    }
    byName.putIfAbsent(Policy.DEFAULT_NAME, Policy.defaults());
    return new Policies(byName);
  }

  /** The policy for API keys that name none. */
  public Policy defaultPolicy() {
    return byName.get(Policy.DEFAULT_NAME);
  }

  /**
   * The policy called {@code name}.
   *
   * @throws IllegalArgumentException if there is none, naming the known policies
   */
  public Policy get(String name) {
    Policy p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown policy '" + name + "'; known policies: " + byName.keySet());
    }
    return p;
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public Set<String> names() {
    return byName.keySet();
  }

  private static Policy parsePolicy(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new PolicyConfigException(at, "must be an object with at least a 'name'");
    }
    checkKeys(node, POLICY_KEYS, at);
    JsonNode nameNode = node.get("name");
    if (nameNode == null || !nameNode.isTextual()) {
      throw new PolicyConfigException(at + ".name", "is required: a short name such as 'default'");
    }
    Policy.Builder b;
    try {
      b = Policy.builder(nameNode.asText());
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException(at + ".name", e.getMessage());
    }
    if (node.has("personal_data")) {
      b.personalData(parseEnum(node.get("personal_data"), Action.class, at + ".personal_data"));
    }
    if (node.has("min_score")) {
      b.minScore(parseScore(node.get("min_score"), at + ".min_score"));
    }
    if (node.has("entities")) {
      parseEntities(node.get("entities"), at + ".entities", b);
    }
    if (node.has("allow")) {
      b.allow(parseAllow(node.get("allow"), at + ".allow"));
    }
    if (node.has("scan")) {
      b.scan(parseScan(node.get("scan"), at + ".scan"));
    }
    if (node.has("output")) {
      b.output(parseEnum(node.get("output"), OutputAction.class, at + ".output"));
    }
    if (node.has("surrogates")) {
      b.surrogates(parseEnum(node.get("surrogates"), SurrogateStyle.class, at + ".surrogates"));
    }
    if (node.has("non_text")) {
      JsonNode nt = node.get("non_text");
      String v = nt.isTextual() ? nt.asText() : "";
      switch (v) {
        case "refuse" -> b.allowNonText(false);
        case "allow" -> b.allowNonText(true);
        default -> throw new PolicyConfigException(at + ".non_text",
            "must be 'refuse' (default) or 'allow'");
      }
    }
    parseStore(node, at, b);
    if (node.has("upstream_store")) {
      JsonNode us = node.get("upstream_store");
      String v = us.isTextual() ? us.asText() : "";
      switch (v) {
        case "deny" -> b.upstreamStore(false);
        case "allow" -> b.upstreamStore(true);
        default -> throw new PolicyConfigException(at + ".upstream_store",
            "must be 'deny' (default: Veil sends store: false) or 'allow'");
      }
    }
    return b.build();
  }

  private static void parseStore(JsonNode node, String at, Policy.Builder b) {
    StoreMode mode = node.has("store")
        ? parseEnum(node.get("store"), StoreMode.class, at + ".store") : StoreMode.NONE;
    Retention retention = null;
    if (node.has("retention")) {
      JsonNode r = node.get("retention");
      try {
        retention = Retention.parse(r.isTextual() ? r.asText() : r.toString());
      } catch (IllegalArgumentException e) {
        throw new PolicyConfigException(at + ".retention", e.getMessage());
      }
    }
    try {
      b.store(mode, retention);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException(at + ".retention", e.getMessage());
    }
  }

  private static void parseEntities(JsonNode node, String at, Policy.Builder b) {
    if (!node.isObject()) {
      throw new PolicyConfigException(at,
          "must map entity types to actions, e.g. {EMAIL_ADDRESS: mask, SECRET: block}");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = at + "." + e.getKey();
      EntityType type = entityType(e.getKey(), key);
      JsonNode v = e.getValue();
      if (v.isObject()) {
        checkKeys(v, ENTITY_KEYS, key);
        if (!v.has("action")) {
          throw new PolicyConfigException(key + ".action",
              "is required, one of " + names(Action.class));
        }
        b.action(type, parseEnum(v.get("action"), Action.class, key + ".action"));
        if (v.has("min_score")) {
          b.minScore(type, parseScore(v.get("min_score"), key + ".min_score"));
        }
      } else {
        b.action(type, parseEnum(v, Action.class, key));
      }
    }
  }

  private static AllowList parseAllow(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new PolicyConfigException(at, "must be an object with 'values' and/or 'patterns'");
    }
    checkKeys(node, ALLOW_KEYS, at);
    Set<String> values = new LinkedHashSet<>();
    for (String v : stringList(node.get("values"), at + ".values")) {
      values.add(v);
    }
    List<String> raw = stringList(node.get("patterns"), at + ".patterns");
    Pattern[] patterns = new Pattern[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      try {
        patterns[i] = Pattern.compile(raw.get(i));
      } catch (PatternSyntaxException e) {
        throw new PolicyConfigException(at + ".patterns[" + i + "]",
            "is not a valid Java regular expression (" + e.getDescription() + " near index "
                + e.getIndex() + "); escape dots as '\\\\.' and quote the pattern in YAML");
      }
    }
    return AllowList.of(values, Arrays.asList(patterns));
  }

  private static Set<ScanPart> parseScan(JsonNode node, String at) {
    if (!node.isArray()) {
      throw new PolicyConfigException(at, "must be a list, any of " + names(ScanPart.class));
    }
    Set<ScanPart> parts = EnumSet.noneOf(ScanPart.class);
    for (int i = 0; i < node.size(); i++) {
      parts.add(parseEnum(node.get(i), ScanPart.class, at + "[" + i + "]"));
    }
    return parts;
  }

  private static List<String> stringList(JsonNode node, String at) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new PolicyConfigException(at, "must be a list of strings");
    }
    String[] out = new String[node.size()];
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw new PolicyConfigException(at + "[" + i + "]", "must be a string; quote it in YAML");
      }
      out[i] = node.get(i).asText();
    }
    return List.of(out);
  }

  private static double parseScore(JsonNode node, String at) {
    if (!node.isNumber() || node.asDouble() < 0.0 || node.asDouble() > 1.0) {
      throw new PolicyConfigException(at, "must be a number between 0 and 1, e.g. 0.5");
    }
    return node.asDouble();
  }

  private static EntityType entityType(String name, String at) {
    try {
      return EntityType.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new PolicyConfigException(at,
          "unknown entity type '" + name + "'; use one of " + Arrays.toString(EntityType.values()));
    }
  }

  private static <E extends Enum<E>> E parseEnum(JsonNode node, Class<E> type, String at) {
    if (node != null && node.isTextual()) {
      for (E e : type.getEnumConstants()) {
        if (e.name().toLowerCase(Locale.ROOT).equals(node.asText())) {
          return e;
        }
      }
    }
    String got = node == null ? "nothing" : "'" + node.asText() + "'";
    throw new PolicyConfigException(at, "got " + got + "; use one of " + names(type));
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static void checkKeys(JsonNode node, Set<String> known, String at) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new PolicyConfigException(at + "." + k,
            "unknown key; known keys here: " + known.stream().sorted().toList());
      }
    }
  }
}
