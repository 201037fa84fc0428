package dev.veil.detect.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Dev-time tool: derives the compact name table {@code names.tsv.gz} from the US Census 2010
 * surnames, the SSA given names (all years found) and WNUT-17 train (to flag names that are also
 * common lowercase English words).
 *
 * <p>Usage: {@code NameTableBuilder <names dir> <wnut17train.conll> <out names.tsv.gz>}.
 *
 * <p>Each line is {@code name TAB givenLevel TAB surnameLevel TAB common}, where a level is
 * {@code floor(log2(count))} (0 when absent) and {@code common} is 1 for a word that is also
 * ordinary English ("Will", "May", "Long", "Rose"...).
 */
public final class NameTableBuilder {

  private static final int MIN_GIVEN = 150;
  private static final int MIN_SURNAME = 150;

  /** Ordinary English words that are also names; the WNUT-derived list adds to these. */
  private static final String COMMON =
      "will may long black young rose white green brown king hope grace joy faith bill mark frank"
          + " rich art jack summer april june august dawn sky river love day best"
          + " little small price house hall street church hill wood woods field stone golden"
          + " page bell hunt cook wells banks lane"
          + " park may chase major rice bird fox wolf lamb hawk crane swan dove nash cash"
          + " sharp strong wise gay good bright star moon sun rain snow storm winter spring"
          + " autumn north south east west major lord duke earl prince bishop pope noble"
          + " guy ray sonny sunny honey candy crystal amber ruby pearl jade ivy holly iris"
          + " lily daisy violet heather hazel olive ginger pepper sage basil rosemary"
          + " bay cliff dale glen heath marsh ford brook rivers lake lakes shore hart"
          + " free freeman law power powers poor gross cross bass bond glass gold silver"
          + " iron steel coal may mays early late new short tall small large grand"
          + " can do am an as at be by go he if in is it me my no of on or so to up us we"
          + " the and but for not you all any are was his her one our out she who had has"
          + " him how man men its let put say see set too use way why yes yet age ago"
          + " just only also very well even back much more most such then than them these"
          + " this that what when where which while with would could should shall must"
          + " say said home work job money time year week month today people world life"
          + " hand head face body heart mind key door gate bridge tower castle bank banks"
          + " post ward waters water land lands fields forest garden gardens orchard"
          + " christmas easter sunday monday friday son sons daughter brother"
          + " father mother baby kid child lady gentleman sir madam miss mister doctor"
          + " nurse judge parson deacon dean chancellor marshal sheriff sergeant"
          + " mercy patience charity prudence constance trinity destiny harmony melody"
          + " royal regal noble victory justice liberty freedom unity";

  private NameTableBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: NameTableBuilder <names dir> <wnut17train.conll> <out names.tsv.gz>");
      System.exit(2);
    }
    Path namesDir = Path.of(args[0]);
    Map<String, Long> given = new HashMap<>();
    Map<String, String> display = new HashMap<>();
    try (DirectoryStream<Path> years =
        Files.newDirectoryStream(namesDir.resolve("us-ssa-given-names"), "yob*.txt")) {
      for (Path year : years) {
        for (String line : Files.readAllLines(year, StandardCharsets.UTF_8)) {
          String[] f = line.split(",");
          if (f.length != 3) {
            continue;
          }
          String key = f[0].toLowerCase(Locale.ROOT);
          given.merge(key, Long.parseLong(f[2].trim()), Long::sum);
          display.putIfAbsent(key, f[0]);
        }
      }
    }
    Map<String, Long> surnames = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(
        namesDir.resolve("us-census-2010-surnames/last-name.csv"), StandardCharsets.UTF_8)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        if (f.length != 2) {
          continue;
        }
        String key = f[0].toLowerCase(Locale.ROOT);
        surnames.merge(key, Long.parseLong(f[1].trim()), Long::sum);
        display.putIfAbsent(key, titleCase(f[0]));
      }
    }
    Set<String> common = commonWords(Path.of(args[1]));
    TreeMap<String, int[]> table = new TreeMap<>();
    given.forEach((k, c) -> {
      if (c >= MIN_GIVEN) {
        table.computeIfAbsent(k, x -> new int[3])[0] = level(c);
      }
    });
    surnames.forEach((k, c) -> {
      if (c >= MIN_SURNAME) {
        table.computeIfAbsent(k, x -> new int[3])[1] = level(c);
      }
    });
    for (Map.Entry<String, int[]> e : table.entrySet()) {
      if (common.contains(e.getKey())) {
        e.getValue()[2] = 1;
      }
    }
    Path out = Path.of(args[2]);
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out));
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
      w.write("# Derived from US Census 2010 surnames and SSA given names (public domain); see NOTICE\n");
      for (Map.Entry<String, int[]> e : table.entrySet()) {
        int[] v = e.getValue();
        w.write(display.getOrDefault(e.getKey(), e.getKey()) + "\t" + v[0] + "\t" + v[1] + "\t" + v[2] + "\n");
      }
    }
    System.out.println("names: " + table.size() + " entries, common-word flags: "
        + table.values().stream().filter(v -> v[2] == 1).count());
  }

  private static int level(long count) {
    return 63 - Long.numberOfLeadingZeros(Math.max(1, count));
  }

  private static String titleCase(String s) {
    return s.isEmpty() ? s : s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
  }

  /** Words seen in lowercase, outside any entity, at least three times in running text, plus the hand-written list. */
  private static Set<String> commonWords(Path conll) throws IOException {
    Map<String, Integer> lower = new HashMap<>();
    for (String line : Files.readAllLines(conll, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        continue;
      }
      String tok = line.substring(0, tab);
      boolean outside = line.substring(tab + 1).trim().equals("O");
      if (outside && !tok.isEmpty() && tok.chars().allMatch(Character::isLowerCase)) {
        lower.merge(tok, 1, Integer::sum);
      }
    }
    Set<String> out = new HashSet<>(java.util.Arrays.asList(COMMON.split("\\s+")));
    lower.forEach((w, c) -> {
      if (c >= 3) {
        out.add(w);
      }
    });
    return out;
  }
}
