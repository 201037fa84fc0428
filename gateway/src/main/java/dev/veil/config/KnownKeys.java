package dev.veil.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every key that {@code veil.yaml} may hold, so that a misspelt key ({@code sevrer:},
 * {@code server.lisen}, {@code providers[0].api_key_envv}) stops start-up with the nearest known
 * key instead of being ignored, which could leave a provider without its key or a listener on a
 * default address.
 *
 * <p>The schema is written as {@code key{children}} for a mapping, {@code key[children]} for a
 * list of mappings, {@code key*} for a section checked by its own reader (policies) or free-form
 * (OIDC group-to-role maps), and a bare {@code key} for a value.
 */
final class KnownKeys {

  private static final String RATE = "key{requests_per_minute,tokens_per_minute},"
      + "team{requests_per_minute,tokens_per_minute},end_user{requests_per_minute,"
      + "tokens_per_minute}";
  private static final String BUDGET = "key{tokens_per_day,tokens_per_month,spend_per_day,"
      + "spend_per_month},team{tokens_per_day,tokens_per_month,spend_per_day,spend_per_month}";

  static final String SCHEMA = "server{listen,tls{cert_file,key_file},plain_http,"
      + "allow_plain_http_on_non_loopback},admin{listen,oidc{issuer,client_id,client_secret_env,"
      + "redirect_uri,groups_claim,group_roles*}},data_dir,database{url,user,password_env},"
      + "limits{max_body_bytes,max_json_depth,max_string_length,max_connections_per_client,"
      + "max_inspected_chars,max_concurrent_inspections_per_key,inspection_wait},"
      + "timeouts{connect,first_byte,stream_idle,client,shutdown_grace},guards{enabled},request_records{durable},tenant,kek{provider,development_mode,pkcs11_library,"
      + "pkcs11_slot,pkcs11_pin_env},policies*,providers[name,type,base_url,api_key_env,"
      + "api_key_file,api_version,send_store_false],models[name,provider,upstream_model],"
      + "audit{tree_head_interval},retention{interval},"
      + "redis{url,password_env,timeout,on_failure},rate_limits{end_user_header," + RATE + ","
      + "models[name,requests_per_minute,tokens_per_minute]},budgets{" + BUDGET + "},"
      + "prices[model,input_per_million,output_per_million],"
      + "unprotected_passthrough{endpoints,provider}";

  /** A node of the schema: its children by key, whether it is a list, or free below it. */
  private record Node(Map<String, Node> children, boolean list, boolean free) {}

  private static final Node ROOT = parse();

  private KnownKeys() {}

  /** Throws for the first key of {@code tree} (a file's top-level mapping) that is not known. */
  static void check(String source, JsonNode tree) {
    check(source, tree, ROOT, "");
  }

  private static void check(String source, JsonNode node, Node schema, String at) {
    if (schema.free || node == null || node.isNull()) {
      return;
    }
    if (schema.list) {
      if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          if (node.get(i).isObject()) {
            checkFields(source, node.get(i), schema, at + "[" + i + "]");
          }
        }
      }
      return;
    }
    if (node.isObject()) {
      checkFields(source, node, schema, at);
    }
  }

  private static void checkFields(String source, JsonNode node, Node schema, String at) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String path = at.isEmpty() ? key : at + "." + key;
      Node child = schema.children.get(key);
      if (child == null) {
        String nearest = nearest(key, schema.children.keySet());
        String prefix = at.isEmpty() ? "" : at + ".";
        throw new ConfigException(source, path, "unknown key",
            (nearest == null ? "" : "did you mean " + prefix + nearest + "? ")
                + "known keys here: " + String.join(", ", schema.children.keySet()));
      }
      if (!child.children.isEmpty() || child.free || child.list) {
        check(source, node.get(key), child, path);
      }
    }
  }

  /** The known key closest to {@code key} by edit distance, if it is close enough to be a typo. */
  static String nearest(String key, Iterable<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Node parse() {
    int[] pos = {0};
    Map<String, Node> top = members(pos, '\0');
    return new Node(top, false, false);
  }

  private static Map<String, Node> members(int[] pos, char close) {
    Map<String, Node> out = new LinkedHashMap<>();
    String s = SCHEMA;
    while (pos[0] < s.length() && s.charAt(pos[0]) != close) {
      int start = pos[0];
      while (pos[0] < s.length() && "{}[],*".indexOf(s.charAt(pos[0])) < 0) {
        pos[0]++;
      }
      String key = s.substring(start, pos[0]);
      Node node = new Node(Map.of(), false, false);
      if (pos[0] < s.length()) {
        char c = s.charAt(pos[0]);
        if (c == '{' || c == '[') {
          pos[0]++;
          Map<String, Node> children = members(pos, c == '{' ? '}' : ']');
          pos[0]++;
          node = new Node(children, c == '[', false);
        } else if (c == '*') {
          pos[0]++;
          node = new Node(Map.of(), false, true);
        }
      }
      out.put(key, node);
      if (pos[0] < s.length() && s.charAt(pos[0]) == ',') {
        pos[0]++;
      }
    }
    return out;
  }
}
