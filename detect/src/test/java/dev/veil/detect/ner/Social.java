package dev.veil.detect.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates informal, social-media-style sentences with gold PERSON, LOCATION and ORGANIZATION
 * spans: first-name mentions, lowercase and ALL CAPS posts, @handles, hashtags, emoji, short links,
 * interjections ("lol", "smh"), elongated words, names in lists and next to social cues ("w/",
 * "cc", "thx"), and capitalised words that are no entity (days, shows, games, shouting).
 *
 * <p>Like {@link Synthetic}, it keeps a training and an evaluation half: {@link #TRAIN} and
 * {@link #EVAL} are worded differently, and the names come from the matching half of the name
 * table, so a score on the evaluation half measures generalisation to unseen posts and names.
 */
final class Social {

  static final List<String> TRAIN = List.of(
      "{F} {LOL} {E}",
      "omg {F} u look amazing {E}",
      "happy birthday {F}!! {E} {TAG}",
      "w/ {F} and {F} at the beach {E}",
      "cc {H} {F}",
      "thx {F} for the ride home",
      "{F} is literally the best {LOL}",
      "can't believe {FL} just said that {E}",
      "me and {F} r going to {CITY} this weekend {TAG}",
      "RT {H}: {FL} drops a new single tomorrow {U}",
      "{FL} for president {LOL}",
      "anyone else think {FL} got robbed last night?",
      "miss u {F} {E}",
      "{G}, {G} and {G} best squad {E}",
      "shoutout to {F} for the help {TAG}",
      "just landed in {CITY} {E}",
      "back in {COUNTRY} finally {LOL}",
      "{CITY} traffic is the worst {TAG}",
      "never going to {ORG} again, worst service ever",
      "{ORG} customer service is a joke {E}",
      "hanging w/ {F} in {CITY}",
      "{F} just texted me lol",
      "tell {F} i said hi",
      "yo {F} where u at",
      "good morning from {CITY}! {E}",
      "{CAPS} {CAPS} {F} {E}",
      "{F}!!! {E}",
      "so proud of {F} {E} {TAG}",
      "{DAY} w/ {F} {E}",
      "watching {THING} with {F} {LOL}",
      "{FL} is trending and i know why {LOL}",
      "can someone explain why {FL} is famous",
      "{F}'s mom just made dinner {E}",
      "lmao {F} fell asleep in class",
      "{H} {H} {F} u coming tonight?",
      "i love {F} sm {E}",
      "{FL} and {FL} should collab {TAG}",
      "heading to {CITY}, {STATE} tmrw {E}",
      "{F} got a new job at {ORG} {E}",
      "congrats {F}!! {E}",
      "RIP {FL} {E}",
      "{FL} really said that on live tv {LOL}",
      "is {F} ok?? {E}",
      "dear {F}, pls stop {LOL}",
      "{F} vs {F} who wins",
      "playing {THING} w/ {F} and {F} tonight",
      "{THING} is so good {E}",
      "{DAY} mood {E} {TAG}",
      "Ugh {DAY} again {E}",
      "Love this!! {E} {U}",
      "{CAPS} {LOL} {E}",
      "New post up {U} {TAG}",
      "{LOL} {F} ur crazy",
      "got followed by {FL} today {E} best day ever",
      "{F} ({H}) is the funniest person i know",
      "lunch with {G}, {G} and {G} {E}",
      "{TAG} {F} {E}",
      "shout out {H} and {F} for the {THING} tips",
      "live from {CITY} {E} {U}",
      "visiting {F} in {CITY} next week!!",
      "Today I met {FL} at {ORG} {E}",
      "{F} and me {E}",
      "ask {F} lol she knows",
      "Who's watching {THING} tonight?? {E}",
      "I can't stand {FL} anymore {LOL}",
      "{FL} {E} {E}",
      "Thank you {FL} for the follow {E}",
      "{F} u still up?",
      "{F} {TAG} {TAG}",
      "not {F} posting again {LOL}",
      "this is {F}, she's new here {E}",
      "{ORG} just bought {ORG}?? {E}",
      "anyone in {CITY} wanna hang {E}",
      "{COUNTRY} vs {COUNTRY} tonight {E} {TAG}",
      "flying {CITY} to {CITY} {E}",
      "{STATE} is beautiful this time of year {E}",
      "introducing {F}, the newest member of the fam {E}",
      "{F} and {F} forever {E}",
      "me + {F} {E} {TAG}",
      "{F} just posted a new vid {U}",
      "{FL}'s new song is fire {E}",
      "{H} {F} is that you??",
      "so {F} and {F} broke up?? {LOL}",
      "happy {DAY} to {F} and me {E}",
      "{F} said {LOL} and left",
      "nobody:\n{F}: {LOL}",
      "Go {F}!! {E}",
      "waiting for {F} at the airport {E}",
      "missing {CITY} already {E}",
      "{CITY} bound {E} {TAG}",
      "{CITY} u were amazing {E}",
      "best pizza in {CITY} is at {ORG} {LOL}",
      "{F} {LOL} stop",
      "i miss {F} and {F} so much {E}",
      "YO {F} {LOL}",
      "my sister {F} just got engaged {E}",
      "text {F} pls {E}",
      "{FL} is the GOAT",
      "saw {FL} at the mall today {E}",
      "{F} u up",
      "{LOL} why is {F} like this",
      "{F} had me dying {LOL}",
      "{FL} continues to amaze me {E}",
      "i'm only here because of {F} {E}",
      "{FL} fans where u at {E}",
      "that moment when {F} walks in {LOL}",
      "anything {FL} touches turns to gold",
      "not a {FL} fan but this is good",
      "big fan of {F} since day one {E}",
      "{F} on the mic tonight {E} {TAG}",
      "pray for {CITY} {E}",
      "{CITY} > {CITY} {LOL}",
      "born and raised in {CITY} {E}",
      "someone take me back to {COUNTRY} {E}",
      "{ORG} is down again?? {LOL}",
      "just got hired by {ORG} {E} {TAG}",
      "why does {ORG} keep emailing me",
      "{G}, {G}, {G} - who's in? {E}",
      "thanks to {F} and {F} for coming {E}",
      "@ {F} where u been",
      "{FL} x {FL} collab when?? {E}",
      "what did {F} do this time {LOL}",
      "{F} is coming to {CITY}!!! {E}",
      "me: sleeps\n{F}: {CAPS} {LOL}",
      "{CAPS}!!! {FL} {CAPS} {E}",
      "Happy {DAY}!! {E} {TAG}",
      "{THING} marathon this weekend {E}",
      "OMG {THING} was so good {E}",
      "Good vibes only {E} {TAG}",
      "Back to work {LOL} {E}",
      "{DAY} night was crazy {E}",
      "see u {DAY} night {LOL}",
      "{DAY} morning and already tired {E}",
      "last {DAY} was wild {LOL}",
      "THE GAME ON {DAY} NIGHT WAS {CAPS} {E}",
      "CAN'T WAIT FOR {DAY} {E}",
      "PLEASE RT AND SHARE {U}",
      "THANK YOU ALL FOR THE SUPPORT {E}",
      "NEW VIDEO OUT NOW {U}");

  static final List<String> EVAL = List.of(
      "lol {F} u wild {E}",
      "ok but {FL} in that movie {E}",
      "thank u {F} for everything {E}",
      "{F} and i are road tripping to {CITY} {TAG}",
      "Who else is going to see {FL} in {CITY}??",
      "hbd {F}!!! love u {E}",
      "RT {H}: {FL} just announced a tour {U}",
      "ngl {F} kinda right tho",
      "at {ORG} with {F} rn {E}",
      "{F} pls text me back {E}",
      "Can't wait to be back in {COUNTRY} {E}",
      "{CITY} weather is crazy today {LOL}",
      "my bff {F} is the best {E}",
      "{FL} is overrated, fight me",
      "Pics from {CITY} w/ {F} {U}",
      "{F} + {F} = best couple {E}",
      "Worst flight ever, thanks {ORG} {E}",
      "omw to {F}'s place",
      "{FL} needs to be stopped {LOL}",
      "cc {F} {H}",
      "wow {F} and {F} are so cute together {E}",
      "Greetings from {CITY}, {COUNTRY}! {TAG}",
      "bruh {F} {LOL}",
      "{FL} deserved that award {E}",
      "{F} where r u",
      "proud of my girl {F} {E} {TAG}",
      "{DAY} vibes {E}",
      "{THING} tonight anyone? {E}",
      "{CAPS} {CAPS} {E}",
      "Just posted a photo {U}",
      "lmaooo {F} said {FL} is his idol",
      "Big thanks to {ORG} for the free stuff {E}",
      "{F} {E}",
      "me n {F} in {CITY} last summer {TAG}",
      "i swear {F} never listens",
      "Meet {FL}, our new intern {E} {TAG}",
      "{F}, {F}, {F} and {F} squad goals",
      "if {FL} wins i'm moving to {COUNTRY} {LOL}",
      "{H} thx {F}!",
      "Streaming {THING} w/ {FL} {U}",
      "sooo {F} just quit {ORG} {E}",
      "road trip: {CITY} -> {CITY} {E}");

  private static final String[] EMOJI = {"\uD83D\uDE02", "\uD83D\uDE2D", "\u2764\uFE0F", "\uD83D\uDD25",
      "\uD83D\uDE0D", "\uD83D\uDE4F", "\uD83D\uDC80", "\uD83D\uDE0A", "\uD83D\uDC4F", "\u2728", "\uD83D\uDE29",
      "\uD83E\uDD23", "\uD83D\uDE4C", "\uD83D\uDCAF", "\uD83D\uDE0E", ":)", ":(", ":D", "<3", "xD", ";)"};
  private static final String[] LOLS = {"lol", "lmao", "haha", "hahaha", "omg", "smh", "tbh", "ngl", "fr",
      "lolol", "ikr", "bruh", "lmfao", "rofl", "jk", "idk", "wtf", "yasss", "ugh", "xoxo"};
  private static final String[] TAGS = {"#tbt", "#blessed", "#mondaymotivation", "#nofilter", "#lol",
      "#gameday", "#love", "#fail", "#tgif", "#throwback", "#squad", "#goals", "#travel", "#foodie",
      "#NowPlaying", "#FF", "#summer", "#WCW", "#MCM", "#fitness", "#OOTD", "#selfie", "#mood"};
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday", "Sunday", "Christmas", "Halloween", "Thanksgiving", "New Year's Eve"};
  private static final String[] CAPS = {"OMG", "LOL", "BEST", "NEVER", "WHY", "SO", "DONE", "HYPE",
      "YES", "NO", "WOW", "LMAO", "STOP", "AMAZING", "CANT", "EVER", "BRO", "GOAT", "RIP", "OK"};
  private static final String[] THINGS = {"Game of Thrones", "Minecraft", "Fortnite", "Star Wars",
      "Pokemon", "Call of Duty", "Stranger Things", "the Super Bowl", "Black Friday", "Breaking Bad",
      "the Oscars", "Mario Kart", "Grey's Anatomy", "Love Island", "Big Brother", "the NBA Finals",
      "Harry Potter", "Friends", "The Office", "Overwatch"};
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private final Synthetic names;
  private final Random rnd;
  private final List<String> templates;
  private final int inventedShare;
  private final boolean eval;

  Social(long seed, boolean eval) {
    this(seed, eval, 10);
  }

  /** @param inventedShare percentage of single given names that are made up */
  Social(long seed, boolean eval, int inventedShare) {
    this.names = new Synthetic(seed, eval);
    this.rnd = names.random();
    this.templates = eval ? EVAL : TRAIN;
    this.eval = eval;
    this.inventedShare = inventedShare;
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  /** One post: a template, then maybe a retweet or @reply prefix, then a whole-post casing mode. */
  Example next() {
    String template = templates.get(rnd.nextInt(templates.size()));
    int roll = rnd.nextInt(100);
    boolean lower = roll < 30;
    boolean upper = roll >= 30 && roll < 36;
    StringBuilder sb = new StringBuilder();
    List<Example.Span> spans = new ArrayList<>();
    int prefix = rnd.nextInt(100);
    if (prefix < 10) {
      sb.append("RT ").append(handle()).append(": ");
    } else if (prefix < 25) {
      sb.append(handle()).append(' ');
    }
    Templates.expand(template, sb, slot -> fill(slot, sb, spans, lower || upper));
    if (rnd.nextInt(100) < 15) {
      sb.append(' ');
      if (rnd.nextBoolean()) {
        sb.append(pick(TAGS));
      } else {
        span(sb, spans, "URL", url(), true);
      }
    }
    String text = sb.toString();
    if (lower || upper) {
      String cased = lower ? text.toLowerCase(Locale.ROOT) : text.toUpperCase(Locale.ROOT);
      if (cased.length() == text.length()) {
        text = cased;
      }
    }
    return new Example(text, spans);
  }

  private void span(StringBuilder sb, List<Example.Span> spans, String type, String value, boolean wholeCased) {
    String v = value;
    if (!wholeCased) {
      // In a mixed-case post a name is sometimes typed lowercase or shouted.
      int r = rnd.nextInt(100);
      if (r < 8) {
        v = v.toLowerCase(Locale.ROOT);
      } else if (r < 12) {
        v = v.toUpperCase(Locale.ROOT);
      }
    }
    int s = sb.length();
    sb.append(v);
    spans.add(new Example.Span(type, s, sb.length()));
  }

  private void fill(String slot, StringBuilder sb, List<Example.Span> spans, boolean wholeCased) {
    switch (slot) {
      case "F" -> span(sb, spans, "PERSON", first(wholeCased), wholeCased);
      case "G" -> span(sb, spans, "PERSON", names.first(), wholeCased);
      case "FL" -> span(sb, spans, "PERSON", fullName(wholeCased), wholeCased);
      case "CITY" -> span(sb, spans, "LOCATION", names.city(), wholeCased);
      case "COUNTRY" -> span(sb, spans, "LOCATION", names.country(), wholeCased);
      case "STATE" -> span(sb, spans, "LOCATION", names.state(), wholeCased);
      case "ORG" -> span(sb, spans, "ORGANIZATION", names.org(), wholeCased);
      case "H" -> sb.append(handle());
      case "TAG" -> sb.append(pick(TAGS));
      case "E" -> {
        int n = 1 + rnd.nextInt(3);
        String e = pick(EMOJI);
        for (int k = 0; k < n; k++) {
          sb.append(k > 0 && rnd.nextBoolean() ? " " : "").append(rnd.nextInt(3) == 0 ? pick(EMOJI) : e);
        }
      }
      case "U" -> span(sb, spans, "URL", url(), true);
      case "LOL" -> sb.append(elongate(pick(LOLS)));
      case "DAY" -> sb.append(pick(DAYS));
      case "CAPS" -> sb.append(pick(CAPS));
      case "THING" -> sb.append(pick(THINGS));
      default -> throw new IllegalArgumentException("unknown slot " + slot);
    }
  }

  /**
   * A given name; now and then with a repeated last letter ("Jessicaaa") as in excited posts, or a
   * made-up one (nicknames, stage names and rare names are missing from any name table).
   */
  private String first(boolean wholeCased) {
    int r = rnd.nextInt(100);
    // Made-up names teach the model to trust context over the name table; in an ALL CAPS training
    // post every word is a candidate, and there they would teach it to tag any unknown word.
    if (r < inventedShare && (eval || !wholeCased)) {
      return invented();
    }
    String f = names.first();
    return r < inventedShare + 5 ? elongate(f) : f;
  }

  private static final String[] ONSETS = {"b", "br", "d", "dr", "f", "g", "j", "k", "kh", "l", "m", "n",
      "p", "r", "s", "sh", "t", "tr", "v", "y", "z", "ch", "th", ""};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ia", "ee", "y", "ou"};
  private static final String[] CODAS = {"", "", "", "n", "r", "l", "s", "x", "nd", "k", "m", "sh", "y"};

  /** A pronounceable made-up name, capitalised ("Kavino", "Drelsh"). */
  private String invented() {
    StringBuilder sb = new StringBuilder();
    int syllables = 1 + rnd.nextInt(3);
    for (int k = 0; k < syllables; k++) {
      sb.append(pick(ONSETS)).append(pick(VOWELS));
    }
    sb.append(pick(CODAS));
    return Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
  }

  private String fullName(boolean wholeCased) {
    int r = rnd.nextInt(100);
    if (r < 72) {
      return names.first() + " " + names.last();
    } else if (r < 80) {
      if (!eval && wholeCased) {
        return names.first() + " " + names.last();
      }
      return (rnd.nextBoolean() ? invented() : names.first()) + " " + invented();
    } else if (r < 90) {
      return names.last();
    } else if (r < 95) {
      return names.first() + " " + (char) ('A' + rnd.nextInt(26)) + ". " + names.last();
    }
    return names.first() + " " + names.first() + " " + names.last();
  }

  private String elongate(String w) {
    if (rnd.nextInt(3) != 0) {
      return w;
    }
    char last = w.charAt(w.length() - 1);
    return w + String.valueOf(last).repeat(1 + rnd.nextInt(3));
  }

  private String handle() {
    String a = names.first().toLowerCase(Locale.ROOT);
    String b = names.last().toLowerCase(Locale.ROOT);
    String h = switch (rnd.nextInt(5)) {
      case 0 -> a + b;
      case 1 -> a + "_" + b;
      case 2 -> a + (rnd.nextInt(99) + 1);
      case 3 -> "the_real_" + a;
      default -> Character.toUpperCase(a.charAt(0)) + a.substring(1) + Character.toUpperCase(b.charAt(0)) + b.substring(1);
    };
    return "@" + h;
  }

  private String url() {
    StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "https://t.co/" : "http://bit.ly/");
    for (int k = 0; k < 10; k++) {
      sb.append(LETTERS.charAt(rnd.nextInt(LETTERS.length())));
    }
    return sb.toString();
  }
}
