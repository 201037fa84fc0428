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
  private final Node root = new Node();

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
    root.insert(key, original, isToken(surrogate));
  }

  void noteRequestText(CharSequence text) {
    requestText.append(text).append('\n');
  }

  Node root() {
    return root;
  }

  /** Tokens match without their brackets; synthetic values match as they are. Both case-folded. */
  private static String matchKey(String surrogate) {
    String core = isToken(surrogate) ? surrogate.substring(1, surrogate.length() - 1) : surrogate;
    return core.toLowerCase(Locale.ROOT);
  }

  private static boolean isToken(String s) {
    return s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']';
  }

  /** A node of the case-folded trie of surrogate keys; children are few, so a linear scan. */
  static final class Node {
    private static final char[] NO_LABELS = new char[0];
    private static final Node[] NO_CHILDREN = new Node[0];

    private char[] labels = NO_LABELS;
    private Node[] children = NO_CHILDREN;
    private int count;
    private String original;
    private boolean token;

    Node child(char c) {
      char[] l = labels;
      for (int i = 0; i < count; i++) {
        if (l[i] == c) {
          return children[i];
        }
      }
      return null;
    }

    boolean hasChildren() {
      return count > 0;
    }

    /** The original if a key ends here, else {@code null}. */
    String original() {
      return original;
    }

    /** True if the key ending here is a bracketed token. */
    boolean token() {
      return token;
    }

    private void insert(String key, String value, boolean isToken) {
      Node n = this;
      for (int i = 0; i < key.length(); i++) {
        char c = key.charAt(i);
        Node next = n.child(c);
        if (next == null) {
          next = new Node();
          if (n.count == n.labels.length) {
            int size = Math.max(2, 2 * n.count);
            n.labels = Arrays.copyOf(n.labels, size);
            n.children = Arrays.copyOf(n.children, size);
          }
          n.labels[n.count] = c;
          n.children[n.count++] = next;
        }
        n = next;
      }
      n.original = value;
      n.token = isToken;
    }
  }
}
