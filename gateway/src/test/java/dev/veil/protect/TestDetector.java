package dev.veil.protect;

import dev.veil.detect.Detector;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small deterministic detector for tests: emails, phone numbers, {@code sk-} secrets and a fixed
 * list of person names. Scores: emails 0.9, phones 0.7, secrets 1.0, names 0.6.
 */
final class TestDetector implements Detector {

  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d -]{6,}\\d");
  private static final Pattern SECRET = Pattern.compile("sk-[A-Za-z0-9]{16,}");
  private static final Pattern NAME = Pattern.compile("\\b(?:Alice Johnson|Bob Marley|Carla Diaz|Dmitri|Zoë \"Z\" Quinn)\\b");

  @Override
  public List<Finding> scan(CharSequence text) {
    List<Finding> all = new ArrayList<>();
    add(EMAIL, text, EntityType.EMAIL_ADDRESS, 0.9, all);
    add(PHONE, text, EntityType.PHONE_NUMBER, 0.7, all);
    add(SECRET, text, EntityType.SECRET, 1.0, all);
    add(NAME, text, EntityType.PERSON, 0.6, all);
    all.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> -f.length()));
    List<Finding> out = new ArrayList<>();
    int last = 0;
    for (Finding f : all) {
      if (f.start() >= last) {
        out.add(f);
        last = f.end();
      }
    }
    return out;
  }

  private static void add(Pattern p, CharSequence text, EntityType type, double score, List<Finding> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(new Finding(type, m.start(), m.end(), score, type.name().toLowerCase()));
    }
  }
}
