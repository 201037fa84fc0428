package dev.veil.protect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The surrogates of one request and the originals they stand for, built by {@link
 * RequestProtector} and used to restore the response. Request-scoped: nothing is shared between
 * requests or nodes, because surrogates are derived from a keyed hash and a request carries every
 * mapping that its response can need.
 *
 * <p>Also remembers the text of the request that was scanned, so that output scanning can tell
 * personal data that the user supplied from data that the model produced itself.
 *
 * <p>Immutable once returned by {@link RequestProtector}; safe to share between threads then.
 *
 * <h2>Security</h2>
 * Holds originals in memory for the life of the request. {@link #toString()} shows only the
 * number of surrogates.
 */
public final class Pseudonyms {

  private final Map<String, String> bySurrogate = new HashMap<>();
  private final Map<String, String> byNormalised = new HashMap<>();
  private final Map<String, String> byFoldedKey = new HashMap<>();
  private final List<String> originals = new ArrayList<>();
  private final StringBuilder requestText = new StringBuilder();
  private final Keys keys = new Keys();

  Pseudonyms() {}

  /** No surrogates: the response is passed through unchanged. */
  public static Pseudonyms none() {
    return new Pseudonyms();
  }

  /** The original behind {@code surrogate} (exact spelling), or {@code null}. */
  public String original(String surrogate) {
    return bySurrogate.get(surrogate);
  }

  public int size() {
    return bySurrogate.size();
  }

  public boolean isEmpty() {
    return bySurrogate.isEmpty();
  }

  /**
   * True if {@code value} was supplied by the request: it occurs in a scanned part of the request
   * or is the original of one of its surrogates (compared case-insensitively).
   */
  public boolean cameFromRequest(String value) {
    if (requestText.indexOf(value) >= 0) {
      return true;
    }
    for (String o : originals) {
      if (o.equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Pseudonyms[" + bySurrogate.size() + " surrogates]";
  }

  String surrogateFor(String typedNormalised) {
    return byNormalised.get(typedNormalised);
  }

  /** True if the folded form of {@code surrogate} is already used in this request. */
  boolean taken(String surrogate) {
    return byFoldedKey.containsKey(matchKey(surrogate));
  }

  void put(String typedNormalised, String surrogate, String original) {
    bySurrogate.put(surrogate, original);
    byNormalised.put(typedNormalised, surrogate);
    String key = matchKey(surrogate);
    byFoldedKey.put(key, original);
    originals.add(original);
    keys.add(key, original, isToken(surrogate));
  }

  void noteRequestText(CharSequence text) {
    requestText.append(text).append('\n');
  }

  Keys keys() {
    return keys;
  }

  /** Tokens match without their brackets; synthetic values match as they are. Both case-folded. */
  private static String matchKey(String surrogate) {
    String core = isToken(surrogate) ? surrogate.substring(1, surrogate.length() - 1) : surrogate;
    return core.toLowerCase(Locale.ROOT);
  }

  private static boolean isToken(String s) {
    return s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
  }

  /**
   * The case-folded surrogate keys of a request with their originals, for {@link RestoreChannel}.
   * A request has a few, so a bitmap of first characters rejects most text positions at once and
   * the rest compare key by key; nothing is allocated per character of a key.
   */
  static final class Keys {
    private String[] keys = new String[4];
    private String[] originals = new String[4];
    private boolean[] tokens = new boolean[4];
    private int size;
    private long firstLow;
    private long firstHigh;
    private boolean firstOther;

    int size() {
      return size;
    }

    String key(int i) {
      return keys[i];
    }

    String original(int i) {
      return originals[i];
    }

    /** True if the key was a bracketed token. */
    boolean token(int i) {
      return tokens[i];
    }

    /** False if no key starts with {@code c} (already case-folded). */
    boolean mayStart(char c) {
      if (c < 64) {
        return (firstLow & (1L << c)) != 0;
      }
      if (c < 128) {
        return (firstHigh & (1L << (c - 64))) != 0;
      }
      return firstOther;
    }

    private void add(String key, String original, boolean isToken) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, 2 * size);
        originals = Arrays.copyOf(originals, 2 * size);
        tokens = Arrays.copyOf(tokens, 2 * size);
      }
      keys[size] = key;
      originals[size] = original;
      tokens[size++] = isToken;
      char c = key.charAt(0);
      if (c < 64) {
        firstLow |= 1L << c;
      } else if (c < 128) {
        firstHigh |= 1L << (c - 64);
      } else {
        firstOther = true;
      }
    }
  }
}
