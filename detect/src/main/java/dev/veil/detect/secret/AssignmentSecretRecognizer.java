package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.CharCursor;
import dev.veil.detect.pattern.Chars;
import java.util.List;

/**
 * Secrets assigned to a telling name, in code, YAML, JSON, {@code .env} files, properties, XML,
 * connection strings, HTTP headers and URL query strings: {@code password=...},
 * {@code "api_key": "..."}, {@code DB_PASSWORD: ...}, {@code API_KEY ?= ...}, {@code ?token=...&},
 * {@code Pwd=...;}, {@code <password>...</password>}, {@code <add key="ApiKey" value="..."/>},
 * {@code Authorization: Bearer ...}.
 *
 * <p>Each {@code =} or {@code :}, and each {@code >} that ends a start tag, is examined: the name
 * before it (letters, digits, {@code _ - .}, up to 64 chars, optionally quoted; "API key" and
 * "NTLM hash" are read as one name) must contain a credential word (password, passwd, pwd,
 * passphrase, secret, token, api key, access key, auth key, private key, credential,
 * authorization, account key, ntlm), or end in "pass". The value after it (quoted, up to the
 * closing tag, or up to whitespace or a delimiter; an {@code &} ends it only before another
 * {@code name=}) must not be a {@link Placeholders placeholder}, a variable reference or a code
 * expression, and must look random enough: passwords need 6+ chars and two char classes (or 12+
 * chars); other secrets need 10+ chars with letters and digits, must not be lower-case words
 * joined by {@code - _ .}, and need a Shannon entropy of at least 3 bits per char.
 * The finding covers the whole value, and its kind names the service when the name holds one
 * ({@code FASTLY_API_TOKEN} gives {@code fastly_api_token}).
  */
public final class AssignmentSecretRecognizer implements Recognizer {

  private static final int MAX_KEY = 64;
  private static final int MAX_VALUE = 512;
  private static final String[] AUTH_SCHEMES = {"bearer ", "basic ", "token "};

  /**
   * Services whose keys have no fixed prefix, by a word of the name they are assigned to
   * ({@code FASTLY_API_TOKEN=...}): the first word the name contains gives the kind.
   */
  private static final String[][] NAMED = {
      {"cohere", "cohere_api_key"}, {"mistral", "mistral_api_key"},
      {"datadog", "datadog_api_key"}, {"ddapi", "datadog_api_key"},
      {"ddapp", "datadog_app_key"}, {"okta", "okta_api_token"},
      {"twilio", "twilio_auth_token"}, {"mailgun", "mailgun_api_key"},
      {"algolia", "algolia_api_key"}, {"azuredevops", "azure_devops_pat"},
      {"azureopenai", "azure_openai_key"}, {"azure", "azure_secret"},
      {"openai", "openai_api_key"}, {"anthropic", "anthropic_api_key"},
      {"slack", "slack_secret"}, {"github", "github_secret"}, {"adafruit", "adafruit_api_key"},
      {"alibaba", "alibaba_secret_key"}, {"aliyun", "alibaba_secret_key"},
      {"bitbucket", "bitbucket_client_secret"}, {"bittrex", "bittrex_secret_key"},
      {"cloudflare", "cloudflare_api_key"}, {"codecov", "codecov_access_token"},
      {"coinbase", "coinbase_access_token"}, {"confluent", "confluent_secret_key"},
      {"contentful", "contentful_delivery_token"}, {"discord", "discord_client_secret"},
      {"drone", "droneci_access_token"}, {"dropbox", "dropbox_api_token"},
      {"etsy", "etsy_access_token"}, {"facebook", "facebook_app_secret"},
      {"fastly", "fastly_api_token"}, {"finicity", "finicity_client_secret"},
      {"finnhub", "finnhub_access_token"}, {"flickr", "flickr_access_token"},
      {"freshbooks", "freshbooks_access_token"}, {"gitter", "gitter_access_token"},
      {"gocardless", "gocardless_access_token"}, {"hubspot", "hubspot_api_key"},
      {"intercom", "intercom_api_key"}, {"artifactory", "jfrog_api_key"},
      {"jfrog", "jfrog_api_key"}, {"kraken", "kraken_access_token"},
      {"kucoin", "kucoin_secret_key"}, {"launchdarkly", "launchdarkly_access_token"},
      {"linkedin", "linkedin_client_secret"}, {"looker", "looker_client_secret"},
      {"mapbox", "mapbox_token"}, {"mattermost", "mattermost_access_token"},
      {"maxmind", "maxmind_license_key"}, {"messagebird", "messagebird_api_token"},
      {"nytimes", "nytimes_access_token"}, {"plaid", "plaid_secret_key"},
      {"rapidapi", "rapidapi_access_token"}, {"sendbird", "sendbird_access_token"},
      {"sidekiq", "sidekiq_secret"}, {"snyk", "snyk_api_token"},
      {"squarespace", "squarespace_access_token"}, {"sumologic", "sumologic_access_token"},
      {"travis", "travisci_access_token"}, {"twitch", "twitch_api_token"},
      {"twitter", "twitter_api_secret"}, {"yandex", "yandex_secret"},
      {"zendesk", "zendesk_secret_key"}, {"heroku", "heroku_api_key"},
      {"pagerduty", "pagerduty_api_key"}, {"opsgenie", "opsgenie_api_key"},
      {"segment", "segment_write_key"}, {"mixpanel", "mixpanel_api_secret"},
      {"amplitude", "amplitude_api_key"}, {"rollbar", "rollbar_access_token"},
      {"bugsnag", "bugsnag_api_key"}, {"pusher", "pusher_app_secret"},
      {"postmark", "postmark_server_token"}, {"mailjet", "mailjet_api_secret"},
      {"sparkpost", "sparkpost_api_key"}, {"vonage", "vonage_api_secret"},
      {"nexmo", "vonage_api_secret"}, {"plivo", "plivo_auth_token"},
      {"zoom", "zoom_client_secret"}, {"spotify", "spotify_client_secret"},
      {"trello", "trello_api_key"}, {"jira", "jira_api_token"},
      {"cloudinary", "cloudinary_api_secret"}, {"elastic", "elastic_api_key"},
      {"mongodbatlas", "mongodb_atlas_private_key"}, {"firebase", "firebase_secret"},
      {"auth0", "auth0_client_secret"}, {"deepgram", "deepgram_api_key"},
      {"assemblyai", "assemblyai_api_key"}, {"wandb", "wandb_api_key"},
      {"together", "together_api_key"}, {"deepseek", "deepseek_api_key"},
      {"linear", "linear_client_secret"},
      {"privateai", "privateai_api_key"},
      {"newrelic", "newrelic_license_key"}, {"paypal", "paypal_client_secret"},
      {"mollie", "mollie_api_key"}, {"paystack", "paystack_secret_key"},
      {"checkout", "checkout_secret_key"}, {"shopify", "shopify_api_secret"},
      {"hetzner", "hetzner_api_token"}, {"linode", "linode_api_token"},
      {"vultr", "vultr_api_key"}, {"ngrok", "ngrok_authtoken"},
      {"vercel", "vercel_token"}, {"railway", "railway_token"},
      {"upstash", "upstash_token"}, {"ibmcloud", "ibm_cloud_api_key"}};

  /** Names that describe a secret rather than hold one: {@code password_hash_algorithm: argon2id}. */
  private static final String[] METADATA_SUFFIXES = {"algorithm", "algo", "policy", "length",
      "format", "type", "field", "label", "prompt", "hint", "expiry", "ttl", "enabled",
      "required", "count", "limit", "version", "header", "name"};

  private static final String[] PASSWORD_WORDS = {"password", "passwd", "pwd", "passphrase"};
  private static final String[] SECRET_WORDS = {"secret", "token", "apikey", "accesskey",
      "authkey", "privatekey", "credential", "authorization", "accountkey", "signingkey",
      "encryptionkey", "masterkey", "sessionkey", "clientkey", "appkey", "licensekey", "ntlm",
      "nthash"};

  @Override
  public String name() {
    return "secret_assignment";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    spokenPasswords(text, out);
    int n = text.length();
    char[] key = new char[MAX_KEY];
    Delimiters delimiters = new Delimiters();
    int[] keyStart = new int[1];
    CharCursor equals = new CharCursor(text, '=');
    CharCursor colon = new CharCursor(text, ':');
    CharCursor gt = new CharCursor(text, '>');
    CharCursor comma = new CharCursor(text, ',');
    for (int p = 0; p < n; p++) {
      int e = equals.next(p);
      int c = colon.next(p);
      int g = gt.next(p);
      int k = comma.next(p);
      p = min(min(e, c), min(g, k));
      if (p < 0) {
        break;
      }
      if (p == k && (p == 0 || !isQuote(text.charAt(p - 1)))) {
        continue;
      }
      if (p == g) {
        int end = xmlElement(text, p, key, out);
        if (end > p) {
          p = end - 1;
        }
        continue;
      }
      int keyLen = key(text, p, key, keyStart);
      if (keyLen < 3) {
        continue;
      }
      int cls = classify(key, keyLen);
      if (cls == 0 && twoWordTail(key, keyLen)) {
        keyLen = previousWord(text, keyStart[0], key, keyLen);
        cls = classify(key, keyLen);
      }
      if (cls == 0 && text.charAt(p) == '=' && keyLen == 5 && contains(key, keyLen, "value")) {
        keyLen = attributeName(text, keyStart[0], key);
        cls = keyLen < 3 ? 0 : classify(key, keyLen);
      }
      if (cls == 0 || (p == k && !callArgument(text, keyStart[0], key, keyLen))) {
        continue;
      }
      int end = value(text, p, cls, key, keyLen, delimiters, out);
      if (end > p) {
        p = end - 1;
      }
    }
  }

  /**
   * A password given in a sentence, "my password is Xk9!mQ2z" or "the password was hunter2": the
   * word after "is"/"was" up to whitespace, without trailing punctuation, if it holds a letter and
   * a digit or symbol and is not a placeholder.
   */
  private void spokenPasswords(CharSequence s, List<Finding> out) {
    int p = Chars.indexOf(s, "assword ", 0);
    while (p >= 0) {
      int i = p + 8;
      if (p > 0 && (s.charAt(p - 1) == 'p' || s.charAt(p - 1) == 'P')
          && Chars.wordStart(s, p - 1)) {
        int start = Chars.startsWith(s, i, "is ") ? i + 3
            : Chars.startsWith(s, i, "was ") ? i + 4 : -1;
        if (start > 0 && start < s.length() && isQuote(s.charAt(start))) {
          start++;
        }
        if (start > 0) {
          int end = start;
          // the whole value, however long: a cap would leave its rest in clear
          while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            end++;
          }
          while (end > start && ".,;:!?)\"'`".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
          }
          if (spoken(s, start, end)) {
            out.add(new Finding(EntityType.SECRET, start, end, 0.7, name(), "password"));
          }
        }
      }
      p = Chars.indexOf(s, "assword ", i);
    }
  }

  private static boolean spoken(CharSequence s, int from, int to) {
    if (to - from < 6) {
      return false;
    }
    boolean letter = false;
    boolean other = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Chars.isLetter(c)) {
        letter = true;
      } else if (c > ' ' && c < 127) {
        other = true;
      } else {
        return false;
      }
    }
    return letter && other && !Placeholders.isPlaceholder(s.subSequence(from, to).toString());
  }

  /** "key" or "hash": a name that tells something only with the word before it. */
  private static boolean twoWordTail(char[] key, int len) {
    return (len == 3 && key[0] == 'k' && key[1] == 'e' && key[2] == 'y')
        || (len == 4 && key[0] == 'h' && key[1] == 'a' && key[2] == 's' && key[3] == 'h');
  }

  /**
   * Puts the word before a one-word name in front of it ("API key", "NTLM hash", "access key"),
   * so that a label written as two words is read as one; returns the new length.
   */
  private static int previousWord(CharSequence s, int keyStart, char[] key, int keyLen) {
    int i = keyStart - 1;
    if (i < 1 || s.charAt(i) != ' ' || !Chars.isLetter(s.charAt(i - 1))) {
      return keyLen;
    }
    int end = i;
    i--;
    while (i >= 0 && end - i <= 16 && Chars.isLetter(s.charAt(i))) {
      i--;
    }
    int len = end - i - 1;
    if (i >= 0 && Chars.isLetter(s.charAt(i)) || len + keyLen > MAX_KEY) {
      // a word longer than 16 letters is no part of a label
      return keyLen;
    }
    System.arraycopy(key, 0, key, len, keyLen);
    for (int j = 0; j < len; j++) {
      char c = s.charAt(i + 1 + j);
      key[j] = Chars.isUpper(c) ? (char) (c + 32) : c;
    }
    return len + keyLen;
  }

  private static int min(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /**
   * An XML element whose name is a credential word, {@code <password>...</password>}, with
   * {@code p} at the {@code >} of its start tag; returns the end of the value or -1.
   */
  private int xmlElement(CharSequence s, int p, char[] key, List<Finding> out) {
    int i = p - 1;
    while (i >= 0 && p - i <= MAX_KEY && isNameChar(s.charAt(i))) {
      i--;
    }
    if (i < 0 || i == p - 1 || s.charAt(i) != '<') {
      return -1;
    }
    int keyLen = normalize(s, i + 1, p, key);
    int cls = keyLen < 3 ? 0 : classify(key, keyLen);
    if (cls == 0) {
      return -1;
    }
    int start = p + 1;
    int end = start;
    int n = s.length();
    while (end < n && end - start < MAX_VALUE && s.charAt(end) != '<' && s.charAt(end) != '\n') {
      end++;
    }
    if (end == start || !Chars.startsWith(s, end, "</")
        || !looksLikeSecret(s, start, end, cls, true)) {
      return -1;
    }
    out.add(new Finding(EntityType.SECRET, start, end, cls == 1 ? 0.75 : 0.8, name(),
        kind(key, keyLen, cls)));
    return end;
  }

  private static boolean isNameChar(char c) {
    return Chars.isAlnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
  }

  /**
   * For {@code value="..."} after {@code key="ApiKey"}, {@code name="db.password"} or
   * {@code type="password"} in the same tag (.NET appSettings, Spring XML, HTML forms): the other
   * attribute's value, lower-cased into {@code key}.
   */
  private static int attributeName(CharSequence s, int valueKeyStart, char[] key) {
    int i = valueKeyStart - 1;
    while (i >= 0 && valueKeyStart - i < 4 && s.charAt(i) == ' ') {
      i--;
    }
    if (i < 1 || (s.charAt(i) != '"' && s.charAt(i) != '\'')) {
      return 0;
    }
    char q = s.charAt(i);
    int end = i;
    i--;
    while (i >= 0 && end - i <= MAX_KEY && s.charAt(i) != q) {
      i--;
    }
    if (i < 5 || s.charAt(i) != q || s.charAt(i - 1) != '=') {
      return 0;
    }
    int start = i + 1;
    boolean named = Chars.startsWith(s, i - 5, "name") || Chars.startsWith(s, i - 5, "type")
        || Chars.startsWith(s, i - 4, "key");
    return named ? normalize(s, start, end, key) : 0;
  }

  /**
   * Reads the name before the separator at {@code p}, lower-cased without separators, and sets
   * {@code keyStart[0]} to where it starts in the text.
   */
  private static int key(CharSequence s, int p, char[] key, int[] keyStart) {
    int i = p - 1;
    if (i >= 0 && s.charAt(p) == '=' && (s.charAt(i) == '?' || s.charAt(i) == '+')) {
      i--;
    }
    if (i >= 0 && s.charAt(i) == ' ') {
      i--;
    }
    if (i >= 0 && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
      i--;
    }
    int end = i + 1;
    while (i >= 0 && end - i <= MAX_KEY) {
      char c = s.charAt(i);
      if (Chars.isAlnum(c) || c == '_' || c == '-' || c == '.') {
        i--;
      } else {
        break;
      }
    }
    int start = i + 1;
    if (end - start > MAX_KEY || end == start) {
      return 0;
    }
    keyStart[0] = start;
    return normalize(s, start, end, key);
  }

  private static int normalize(CharSequence s, int start, int end, char[] key) {
    if (end - start > MAX_KEY) {
      return 0;
    }
    int k = 0;
    for (int j = start; j < end; j++) {
      char c = s.charAt(j);
      if (Chars.isUpper(c)) {
        key[k++] = (char) (c + 32);
      } else if (Chars.isAlnum(c)) {
        key[k++] = c;
      }
    }
    return k;
  }

  /** 1 for password-like names, 2 for other secret names, 0 otherwise. */
  private static int classify(char[] key, int len) {
    int cls = credentialClass(key, len);
    if (cls != 0) {
      for (String w : METADATA_SUFFIXES) {
        if (endsWith(key, len, w)) {
          return 0;
        }
      }
    }
    return cls;
  }

  private static int credentialClass(char[] key, int len) {
    for (String w : SECRET_WORDS) {
      if (contains(key, len, w)) {
        return 2;
      }
    }
    for (String w : PASSWORD_WORDS) {
      if (contains(key, len, w)) {
        return 1;
      }
    }
    boolean endsWithPass = len >= 4 && key[len - 4] == 'p' && key[len - 3] == 'a'
        && key[len - 2] == 's' && key[len - 1] == 's';
    if (!endsWithPass) {
      return 0;
    }
    for (String w : NOT_PASS) {
      if (endsWith(key, len, w)) {
        return 0;
      }
    }
    return 1;
  }


  private static boolean endsWith(char[] key, int len, String w) {
    if (len < w.length()) {
      return false;
    }
    for (int k = 0; k < w.length(); k++) {
      if (key[len - w.length() + k] != w.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean contains(char[] key, int len, String w) {
    outer:
    for (int i = 0; i + w.length() <= len; i++) {
      for (int k = 0; k < w.length(); k++) {
        if (key[i + k] != w.charAt(k)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private int value(CharSequence s, int p, int cls, char[] key, int keyLen, Delimiters delimiters,
      List<Finding> out) {
    int n = s.length();
    int i = p + 1;
    if (i < n && (s.charAt(i) == '=' || s.charAt(i) == '>')) {
      if (s.charAt(p) == '=' && s.charAt(i) == '=') {
        return -1;
      }
      i++;
    }
    int spaces = 0;
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t') && spaces < 4) {
      i++;
      spaces++;
    }
    if (i >= n) {
      return -1;
    }
    int scheme = authScheme(s, i, n);
    if (scheme > i) {
      i = scheme;
    }
    if (i + 1 < n && (s.charAt(i) == 'b' || s.charAt(i) == 'r') && isQuote(s.charAt(i + 1))) {
      i++;
    }
    char q = s.charAt(i);
    boolean quoted = isQuote(q);
    if (!quoted && s.charAt(p) == ',') {
      return -1;
    }
    int start = quoted ? i + 1 : i;
    if (quoted) {
      int inner = authScheme(s, start, n);
      if (inner > start) {
        start = inner;
      }
    }
    int end = start;
    if (quoted) {
      while (end < n && end - start < MAX_VALUE) {
        char c = s.charAt(end);
        if (c == q || c == '\n' || c == '\r') {
          break;
        }
        end++;
      }
    } else {
      end = Math.min(delimiters.next(s, start), start + MAX_VALUE);
    }
    if (end - start >= MAX_VALUE || (quoted && (end >= n || s.charAt(end) != q))) {
      return -1;
    }
    if (!quoted && start < end && s.charAt(end - 1) == '.') {
      end--;
    }
    if (!quoted && assignmentInside(s, start, end)) {
      return -1;
    }
    if (end <= start || !looksLikeSecret(s, start, end, cls, quoted)) {
      return -1;
    }
    double score = cls == 1 ? 0.75 : 0.8;
    out.add(new Finding(EntityType.SECRET, start, end, score, name(), kind(key, keyLen, cls)));
    return end;
  }

  /**
   * The next value delimiter at or after a position. Positions asked for only grow within a scan,
   * so remembering the last answer keeps the whole scan linear even when every char is a
   * separator ("password:password:...").
   */
  private static final class Delimiters {
    private int from = -1;
    private int at = -1;

    int next(CharSequence s, int i) {
      if (i < from || i > at) {
        from = i;
        at = i;
        while (at < s.length() && !isDelimiter(s.charAt(at))
            && !(s.charAt(at) == '&' && nextParameter(s, at + 1))) {
          at++;
        }
      }
      return at;
    }
  }

  /**
   * True if a query parameter ({@code name=}) starts at {@code i}: only then does an {@code &}
   * end a value, so that a password such as {@code Tr0ub4dor&3} is reported whole.
   */
  private static boolean nextParameter(CharSequence s, int i) {
    int j = i;
    while (j < s.length() && j - i <= 32 && (Chars.isAlnum(s.charAt(j)) || s.charAt(j) == '_'
        || s.charAt(j) == '-' || s.charAt(j) == '.' || s.charAt(j) == '[' || s.charAt(j) == ']')) {
      j++;
    }
    return j > i && j < s.length() && s.charAt(j) == '=';
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || c == ',' || c == ';' || c == ')' || c == '}'
        || c == ']' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
  }

  /**
   * For {@code name, value}: true only for the first two arguments of a call,
   * {@code define('DB_PASSWORD', '...')}, whose name ends in a credential word; a list of quoted
   * words ({@code 'bandpass', 'differentiator'}) is no assignment.
   */
  private static boolean callArgument(CharSequence s, int keyStart, char[] key, int keyLen) {
    int i = keyStart - 2;
    while (i >= 0 && keyStart - i < 6 && s.charAt(i) == ' ') {
      i--;
    }
    if (i < 0 || s.charAt(i) != '(') {
      return false;
    }
    for (String w : CALL_NAME_ENDS) {
      if (endsWith(key, keyLen, w)) {
        return true;
      }
    }
    return false;
  }

  /** Words that end in "pass" without being a password. */
  private static final String[] NOT_PASS = {"compass", "bypass", "bandpass", "lowpass",
      "highpass", "allpass", "overpass", "underpass", "trespass", "surpass"};

  private static final String[] CALL_NAME_ENDS = {"password", "passwd", "pwd", "pass",
      "passphrase", "secret", "token", "key"};

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }

  /**
   * True if an unquoted value is itself an assignment, {@code token: CF_API_TOKEN=...}: the inner
   * name and value are then read at their own separator.
   */
  private static boolean assignmentInside(CharSequence s, int from, int to) {
    for (int i = from; i < to && i - from <= MAX_KEY; i++) {
      char c = s.charAt(i);
      if (c == '=' || c == ':') {
        return i > from + 1 && i + 1 < to && s.charAt(i + 1) != '=';
      }
      if (!(Chars.isAlnum(c) || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    return false;
  }

  /** After "Bearer ", "Basic ", "Token " at {@code from}, or -1. */
  private static int authScheme(CharSequence s, int from, int to) {
    for (String w : AUTH_SCHEMES) {
      if (to - from > w.length() && Chars.startsWithIgnoreCase(s, from, w)) {
        return from + w.length();
      }
    }
    return -1;
  }

  private static boolean looksLikeSecret(CharSequence s, int from, int to, int cls,
      boolean quoted) {
    int len = to - from;
    int lower = 0;
    int upper = 0;
    int digit = 0;
    int other = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (Chars.isLower(c)) {
        lower = 1;
      } else if (Chars.isUpper(c)) {
        upper = 1;
      } else if (Chars.isDigit(c)) {
        digit = 1;
      } else if (Character.isWhitespace(c)) {
        return false;
      } else {
        other = 1;
      }
    }
    int classes = lower + upper + digit + other;
    String v = s.subSequence(from, to).toString();
    if (Placeholders.isPlaceholder(v)) {
      return false;
    }
    if (!quoted && isReference(v)) {
      return false;
    }
    if (v.contains("://") || isPath(v)) {
      return false;
    }
    if (cls == 1) {
      return len >= 6 && (classes >= 2 || len >= 12) && Chars.entropy(s, from, to) >= 2.0;
    }
    return len >= 10 && digit == 1 && lower + upper >= 1 && !wordLike(v)
        && Chars.entropy(s, from, to) >= 3.0;
  }

  /** A file path; a base64 key that happens to start with '/' ends in '=' or holds a '+'. */
  private static boolean isPath(String v) {
    boolean pathStart = v.startsWith("/") || v.startsWith("~/") || v.startsWith("./");
    return pathStart && !v.endsWith("=") && v.indexOf('+') < 0;
  }

  /** Mostly lower-case words joined by - _ or . ("prod-db-credentials-2"): a name, not a key. */
  private static boolean wordLike(String v) {
    int segments = 0;
    int words = 0;
    int i = 0;
    while (i <= v.length()) {
      int j = i;
      boolean letters = true;
      while (j < v.length() && v.charAt(j) != '-' && v.charAt(j) != '_' && v.charAt(j) != '.') {
        letters &= Chars.isLower(v.charAt(j));
        j++;
      }
      if (j > i) {
        segments++;
        if (letters && j - i >= 2) {
          words++;
        }
      }
      i = j + 1;
    }
    return segments >= 2 && words * 2 >= segments;
  }

  /** An unquoted code expression rather than a literal: {@code config.password}, {@code f()}. */
  private static boolean isReference(String v) {
    if (v.indexOf('(') >= 0) {
      return true;
    }
    boolean dotted = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.') {
        dotted = true;
      } else if (!(Chars.isLetter(c) || c == '_' || (i > 0 && Chars.isDigit(c)))) {
        return false;
      }
    }
    return dotted;
  }

  private static String kind(char[] key, int len, int cls) {
    if (contains(key, len, "aws") && contains(key, len, "secret")) {
      return "aws_secret_access_key";
    }
    if (contains(key, len, "ntlm") || contains(key, len, "nthash")) {
      return "ntlm_hash";
    }
    for (String[] e : NAMED) {
      if (contains(key, len, e[0])) {
        return e[1];
      }
    }
    return cls == 1 ? "password" : "generic_secret";
  }
}
