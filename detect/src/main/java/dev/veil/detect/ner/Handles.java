package dev.veil.detect.ner;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Social-media and chat mentions ({@code @colgo}, {@code @Jane_Doe}): a handle names an account,
 * so it is personal data. A handle whose words name an organisation ({@code @BBCNews},
 * {@code @GWS_Giants}) is an {@link EntityType#ORGANIZATION}, any other a {@link EntityType#PERSON}.
 *
 * <p>Code is full of {@code @}-words that are no handle, so none of these is one: a word after a
 * letter, digit or dot (e-mail addresses, {@code user@host}); one followed by {@code (}, {@code .}
 * and a letter, {@code /} or {@code -} (decorators, {@code @app.route}, npm scopes, CSS at-rules);
 * annotation and doc-tag names ({@code @Override}, {@code @param}); a capitalised word that
 * starts a line and ends it or is followed by a code keyword (a Java annotation); group mentions
 * ({@code @here}, {@code @everyone}).
 */
final class Handles {

  private Handles() {}

  static final double SCORE = 0.6;
  private static final int MAX = 30;

  private static final Set<String> NOT_HANDLES = Set.of("override", "test", "param", "return", "returns", "throws", "throw", "see", "since",
      "author", "deprecated", "version", "link", "code", "inheritdoc", "value", "exception",
      "example", "type", "typedef", "callback", "property", "media", "import", "keyframes",
      "charset", "supports", "include", "mixin", "extend", "extends", "use", "forward",
      "interface", "implementation", "end", "protocol", "synthesize", "dynamic", "selector",
      "objc", "staticmethod", "classmethod", "dataclass", "abstractmethod", "cached", "autowired",
      "bean", "component", "service", "entity", "column", "id", "get", "post", "put", "delete",
      "patch", "inject", "nullable", "nonnull", "notnull", "suppresswarnings",
      "functionalinterface", "safevarargs", "transactional", "configuration", "controller",
      "restcontroller", "repository", "data", "builder", "getter", "setter", "slf4j", "here",
      "everyone", "channel", "all", "echo", "off", "if", "else", "foreach", "for", "while",
      "section", "yield", "php", "var", "ts", "jsx", "input", "output", "host", "hostlistener",
      "viewchild", "ngmodule", "injectable", "font", "page", "layer", "container", "tailwind",
      "apply", "screen", "context", "gmail", "outlook", "yahoo", "hotmail", "latest", "next",
      "types", "angular", "babel", "vue", "nestjs", "jest", "mui", "emotion", "aws", "google",
      "azure", "sentry", "prisma", "tanstack", "domain", "localhost", "mention", "user",
      "username", "handle", "name");

  private static final String[] ORG_WORDS = {"news", "tv", "fc", "hq", "official", "gov", "radio",
      "club", "team", "media", "press", "sport", "sports", "times", "daily", "party", "council",
      "police", "college", "school", "united", "nhs", "org", "inc", "ltd", "group", "foundation",
      "uni", "museum", "magazine", "mag", "records", "studios", "games", "airlines", "bank",
      "labour", "tories", "conservatives", "democrats", "gop", "online", "live", "app", "support",
      "help", "store", "shop", "company", "corp", "agency", "dept", "ministry", "office", "bbc",
      "cnn", "nba", "nfl", "uefa", "fifa"};

  private static final String[] CODE_KEYWORDS = {"public", "private", "protected", "static",
      "final", "void", "class", "def", "fun", "async", "function", "export", "abstract", "int",
      "string", "override", "open", "let", "var", "const", "val"};

  /** Adds a finding for every handle of {@code text}. */
  static void find(CharSequence text, List<Finding> out) {
    int n = text.length();
    for (int at = indexOf(text, 0); at >= 0; at = indexOf(text, at + 1)) {
      if (at > 0) {
        char p = text.charAt(at - 1);
        if (Character.isLetterOrDigit(p) || p == '.' || p == '_' || p == '@' || p == '-' || p == '+') {
          continue;
        }
      }
      int e = at + 1;
      boolean letter = false;
      while (e < n && e - at <= MAX) {
        char c = text.charAt(e);
        if (c < 128 ? (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') : Character.isLetter(c)) {
          letter = true;
        } else if (!(c >= '0' && c <= '9' || c == '_')) {
          break;
        }
        e++;
      }
      if (!letter || e - at < 3 || e - at > MAX || e < n && !endsHandle(text, e)) {
        continue;
      }
      String word = text.subSequence(at + 1, e).toString();
      String lower = word.toLowerCase(Locale.ROOT);
      if (NOT_HANDLES.contains(lower) || annotationLine(text, at, e, word)) {
        continue;
      }
      out.add(new Finding(organisation(lower) ? EntityType.ORGANIZATION : EntityType.PERSON, at, e,
          SCORE, NameRecognizer.NAME));
    }
  }

  private static int indexOf(CharSequence text, int from) {
    if (text instanceof String s) {
      return s.indexOf('@', from);
    }
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == '@') {
        return i;
      }
    }
    return -1;
  }

  private static boolean endsHandle(CharSequence text, int e) {
    char c = text.charAt(e);
    if (c == '(' || c == '/' || c == '-' || c == '@' || c == '{' || c == '[' || c == '<' || c == '=') {
      return false;
    }
    if (c == '.' || c == ':') {
      return e + 1 >= text.length() || !Character.isLetterOrDigit(text.charAt(e + 1));
    }
    return true;
  }

  /** A capitalised {@code @Word} that starts a line and ends it or precedes a code keyword. */
  private static boolean annotationLine(CharSequence text, int at, int e, String word) {
    if (!Character.isUpperCase(word.charAt(0))) {
      return false;
    }
    int p = at - 1;
    while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p--;
    }
    if (p >= 0 && text.charAt(p) != '\n' && text.charAt(p) != '\r') {
      return false;
    }
    int q = e;
    while (q < text.length() && (text.charAt(q) == ' ' || text.charAt(q) == '\t')) {
      q++;
    }
    if (q >= text.length() || text.charAt(q) == '\n' || text.charAt(q) == '\r') {
      return true;
    }
    int r = q;
    while (r < text.length() && Character.isLetter(text.charAt(r))) {
      r++;
    }
    String next = text.subSequence(q, r).toString().toLowerCase(Locale.ROOT);
    for (String k : CODE_KEYWORDS) {
      if (k.equals(next)) {
        return true;
      }
    }
    return false;
  }

  private static boolean organisation(String lower) {
    for (String w : ORG_WORDS) {
      int i = lower.indexOf(w);
      if (i >= 0 && (w.length() >= 4 || i == 0 || i + w.length() == lower.length()
          || lower.charAt(i - 1) == '_' || lower.charAt(i + w.length()) == '_')) {
        return true;
      }
    }
    return false;
  }
}
