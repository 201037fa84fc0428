package dev.veil.detect.ner;

/**
 * A BIO tagger scored by a structured averaged perceptron over hashed features and decoded by a
 * Viterbi search over the transitions that its hard constraints allow.
 *
 * <p>Features are hashes of (template, value) pairs computed from per-token word hashes, so
 * extracting them allocates nothing per token. Weights are 16-bit quantised, {@value #STRIDE} per
 * hash bucket (one per tag, padded), so the scores of one feature sit in one 16-byte run. Tokens
 * that cannot start or continue an entity (in mixed-case text: lowercase words, digits,
 * punctuation, capitalised function words) are tagged {@code O} without scoring.
 */
final class Tagger {

  static final int O = 0;
  static final int B_PER = 1;
  static final int I_PER = 2;
  static final int B_LOC = 3;
  static final int I_LOC = 4;
  static final int B_ORG = 5;
  static final int I_ORG = 6;
  static final int TAGS = 7;
  static final int STRIDE = 8;
  static final int MAX_FEATURES = 48;

  static final int CASE_MIXED = 0;
  static final int CASE_LOWER = 1;
  static final int CASE_UPPER = 2;

  final Lexicon lexicon;
  private final short[] weights;
  private final float step;
  final int mask;

  /**
   * @param weights quantised weights, {@value #STRIDE} per bucket, a power of two buckets
   * @param step the weight value of one quantisation unit
   */
  Tagger(Lexicon lexicon, short[] weights, float step) {
    int buckets = weights.length / STRIDE;
    if (Integer.bitCount(buckets) != 1 || buckets * STRIDE != weights.length) {
      throw new IllegalArgumentException("weights length must be a power of two times " + STRIDE);
    }
    this.lexicon = lexicon;
    this.weights = weights;
    this.step = step;
    this.mask = buckets - 1;
  }

  /**
   * Per-text token data shared by feature extraction and post-processing. Word hashes and table
   * entries are computed on first use: in mixed-case text most lowercase words are never looked up.
   */
  static final class Doc {
    private static final int KNOWN = 1 << 30;

    final Tokens tokens;
    final int[] gaz;
    final int[] shape;
    final int caseMode;
    private final Lexicon lexicon;
    private final long[] lower;
    private final int[] info;

    Doc(Tokens tokens, Lexicon lexicon, int caseMode, Scratch scratch) {
      this.tokens = tokens;
      this.lexicon = lexicon;
      this.caseMode = caseMode;
      int n = tokens.size;
      this.lower = scratch.lower(n);
      this.info = scratch.info(n);
      this.gaz = scratch.gaz(n);
      this.shape = scratch.shape(n);
    }

    /** The hash of the lowercased token {@code i}. */
    long lower(int i) {
      long h = lower[i];
      if (h == 0) {
        h = tokens.lowerHash(i);
        if (h == 0) {
          h = 1;
        }
        lower[i] = h;
      }
      return h;
    }

    /** The lexicon entry of token {@code i}, 0 for unknown words and non-words. */
    int info(int i) {
      int v = info[i];
      if (v == 0) {
        v = KNOWN;
        if (tokens.is(i, Tokens.LETTER)) {
          int w = lexicon.word(lower(i));
          v |= w != 0 ? w : joinedNameLevels(i);
        }
        info[i] = v;
      }
      return v & ~KNOWN;
    }

    /**
     * Name levels for "Jean-Luc", "Smith-Jones" and "O'Brien", which the tables hold as parts or
     * without the apostrophe: the larger level of each kind over the parts and the joined form.
     */
    private int joinedNameLevels(int i) {
      int s = tokens.start[i];
      int e = tokens.end[i];
      CharSequence text = tokens.text;
      int given = 0;
      int surname = 0;
      int from = s;
      long joined = Hashing.SEED;
      boolean split = false;
      for (int p = s; p <= e; p++) {
        char c = p < e ? text.charAt(p) : '-';
        if (c == '-' || c == '\'' || c == '\u2019') {
          split |= p < e;
          if (p > from) {
            int w = lexicon.word(Hashing.lower(text, from, p));
            given = Math.max(given, Lexicon.givenLevel(w));
            surname = Math.max(surname, Lexicon.surnameLevel(w));
          }
          from = p + 1;
        } else {
          joined = Hashing.step(joined, c);
        }
      }
      if (!split) {
        return 0;
      }
      int w = lexicon.word(Hashing.mix(joined));
      given = Math.max(given, Lexicon.givenLevel(w));
      surname = Math.max(surname, Lexicon.surnameLevel(w));
      return given | surname << 5;
    }
  }

  Doc prepare(CharSequence text) {
    Scratch scratch = new Scratch();
    return prepare(Tokens.of(text, scratch), scratch);
  }

  /** Per-text data of {@code t}, in arrays of {@code scratch} (the one {@code t} was made in). */
  Doc prepare(Tokens t, Scratch scratch) {
    int n = t.size;
    int letterTokens = 0;
    int capitalised = 0;
    int allUpper = 0;
    for (int i = 0; i < n; i++) {
      if (t.is(i, Tokens.LETTER) && t.length(i) > 1) {
        letterTokens++;
        if (t.is(i, Tokens.UPPER_FIRST)) {
          capitalised++;
        }
        if (t.is(i, Tokens.ALL_UPPER)) {
          allUpper++;
        }
      }
    }
    int caseMode = CASE_MIXED;
    if (letterTokens >= 3 && capitalised == 0) {
      caseMode = CASE_LOWER;
    } else if (letterTokens >= 3 && allUpper * 10 >= letterTokens * 8) {
      caseMode = CASE_UPPER;
    }
    Doc d = new Doc(t, lexicon, caseMode, scratch);
    int[] gaz = d.gaz;
    for (int i = 0; i < n; i++) {
      if (!t.is(i, Tokens.LETTER) || caseMode == CASE_MIXED && !t.is(i, Tokens.UPPER_FIRST)
          || (d.info(i) & Lexicon.PHRASE_START) == 0) {
        continue;
      }
      long h = 0;
      int bestLen = 0;
      int bestKind = 0;
      for (int k = 0; k < Lexicon.MAX_PHRASE && i + k < n; k++) {
        h = Hashing.combine(h, d.lower(i + k));
        int kind = lexicon.phrase(h);
        if (kind != 0) {
          boolean acronymOk = (kind & Lexicon.P_ACRONYM) == 0 || k == 0 && t.is(i, Tokens.ALL_UPPER);
          if (acronymOk) {
            bestLen = k + 1;
            bestKind = kind & ~Lexicon.P_ACRONYM;
          }
        }
      }
      if (bestLen > 0) {
        gaz[i] |= bestKind;
        for (int k = 1; k < bestLen; k++) {
          gaz[i + k] |= bestKind << 8;
        }
      }
    }
    return d;
  }

  /** The shape hash of token {@code i}, computed on first use; 0 outside the text. */
  private static int shapeAt(Doc d, int i) {
    if (i < 0 || i >= d.tokens.size) {
      return 0;
    }
    int s = d.shape[i];
    if (s == 0) {
      s = shape(d.tokens, i);
      d.shape[i] = s;
    }
    return s;
  }

  /** {@link #shapeClass} of the ASCII chars. */
  private static final char[] ASCII_SHAPE = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_SHAPE[c] = (char) shapeClass(c);
    }
  }

  /** The class of {@code c} in a token shape: X upper, x lower, d digit, l other letter, else c. */
  private static int shapeClass(char c) {
    return Character.isUpperCase(c) ? 'X' : Character.isLowerCase(c) ? 'x'
        : Character.isDigit(c) ? 'd' : Character.isLetter(c) ? 'l' : c;
  }

  private static int shape(Tokens t, int i) {
    int h = 17;
    int last = -1;
    int classes = 0;
    char[] a = t.chars;
    for (int p = t.start[i]; p < t.end[i] && classes < 6; p++) {
      char c = a[p];
      int cls = c < 128 ? ASCII_SHAPE[c] : shapeClass(c);
      if (cls != last) {
        h = h * 31 + cls;
        last = cls;
        classes++;
      }
    }
    return h == 0 ? 1 : h;
  }

  /** True if token {@code i} is worth scoring after a token tagged {@code prev}. */
  boolean candidate(Doc d, int i, int prev) {
    if (prev != O) {
      return true;
    }
    Tokens t = d.tokens;
    if (!t.is(i, Tokens.LETTER) || t.is(i, Tokens.DIGIT) || t.is(i, Tokens.EMBEDDED)) {
      return false;
    }
    if (d.gaz[i] != 0) {
      return true;
    }
    int info;
    if (t.is(i, Tokens.UPPER_FIRST)) {
      if (d.caseMode != CASE_UPPER) {
        // A capitalised function word ("The", "Please", "I") that is no name is never an entity.
        info = d.info(i);
        return (info & Lexicon.FUNCTION) == 0 || (info & 0x3ff) != 0;
      }
      return true;
    }
    if (d.caseMode == CASE_MIXED) {
      return false;
    }
    info = d.info(i);
    return Lexicon.givenLevel(info) >= 7 || Lexicon.surnameLevel(info) >= 9
        || (info & (Lexicon.TITLE | Lexicon.ORG_SUFFIX | Lexicon.ORG_HEAD)) != 0;
  }

  private static int caps(Tokens t, int i) {
    if (i < 0 || i >= t.size) {
      return 5;
    }
    if (!t.is(i, Tokens.LETTER)) {
      return t.is(i, Tokens.DIGIT) ? 3 : 4;
    }
    if (t.is(i, Tokens.ALL_UPPER)) {
      return t.length(i) == 1 ? 1 : 2;
    }
    return t.is(i, Tokens.UPPER_FIRST) ? 1 : 0;
  }

  private static int level(int l) {
    return l == 0 ? 0 : l < 10 ? 1 : l < 13 ? 2 : l < 16 ? 3 : 4;
  }

  private static final int CUES = Lexicon.TITLE | Lexicon.ORG_SUFFIX | Lexicon.STREET_TYPE
      | Lexicon.PERSON_CUE | Lexicon.LOCATION_CUE | Lexicon.ORG_CUE | Lexicon.CALENDAR
      | Lexicon.ORG_HEAD | Lexicon.FUNCTION | Lexicon.NAME_SUFFIX | Lexicon.COMMON;

  /** One multiply: the high bits of the product depend on every bit of template and value. */
  private static int f(int template, long value) {
    return (int) ((value + template * 0x632be59bd9b4e019L) * 0x9e3779b97f4a7c15L >>> 40);
  }

  private static long lowerAt(Doc d, int i) {
    return i < 0 ? 11 : i >= d.tokens.size ? 13 : d.lower(i);
  }

  private static int infoAt(Doc d, int i) {
    return i < 0 || i >= d.tokens.size ? 0 : d.info(i);
  }

  /** Writes every feature hash of token {@code i} after {@code prev} into {@code out}; returns the count. */
  int features(Doc d, int i, int prev, int[] out) {
    int n = baseFeatures(d, i, out);
    return prevFeatures(d, i, prev, out, n);
  }

  /**
   * Writes the feature hashes of token {@code i} that do not depend on the previous tag into
   * {@code out} and returns their count.
   */
  int baseFeatures(Doc d, int i, int[] out) {
    Tokens t = d.tokens;
    int n = 0;
    int info = d.info(i);
    int cap = caps(t, i);
    int capPrev = caps(t, i - 1);
    int capNext = caps(t, i + 1);
    int cm = d.caseMode;
    int sent = t.is(i, Tokens.SENTENCE_START) ? 1 : 0;
    int given = level(Lexicon.givenLevel(info));
    int surname = level(Lexicon.surnameLevel(info));
    int common = (info & Lexicon.COMMON) != 0 ? 1 : 0;
    out[n++] = f(1, 0);
    out[n++] = f(2, d.lower(i));
    out[n++] = f(3, lowerAt(d, i - 1));
    out[n++] = f(4, lowerAt(d, i + 1));
    out[n++] = f(5, lowerAt(d, i - 2));
    out[n++] = f(6, lowerAt(d, i + 2));
    out[n++] = f(7, Hashing.combine(d.lower(i), lowerAt(d, i - 1)));
    out[n++] = f(8, Hashing.combine(d.lower(i), lowerAt(d, i + 1)));
    int shape = shapeAt(d, i);
    out[n++] = f(9, shape);
    out[n++] = f(10, shapeAt(d, i - 1));
    out[n++] = f(11, shapeAt(d, i + 1));
    int s = t.start[i];
    int e = t.end[i];
    out[n++] = f(12, Hashing.lower(t.chars, Math.max(s, e - 3), e));
    out[n++] = f(13, Hashing.lower(t.chars, Math.max(s, e - 2), e));
    out[n++] = f(14, Hashing.lower(t.chars, s, Math.min(e, s + 3)));
    out[n++] = f(15, ((cap * 8 + capPrev) * 8 + capNext) * 4 + cm);
    out[n++] = f(16, (cap * 2 + sent) * 4 + cm);
    out[n++] = f(17, (given * 8 + cap) * 4 + cm);
    out[n++] = f(18, (surname * 8 + cap) * 4 + cm);
    out[n++] = f(19, (given * 8 + surname) * 2 + common);
    out[n++] = f(20, ((given * 8 + surname) * 2 + common) * 2 + sent);
    int infoNext = infoAt(d, i + 1);
    int infoPrev = infoAt(d, i - 1);
    out[n++] = f(21, given * 8 + level(Lexicon.surnameLevel(infoNext)));
    out[n++] = f(22, level(Lexicon.givenLevel(infoPrev)) * 8 + surname);
    out[n++] = f(23, (long) (infoNext & CUES) * 8 + capNext);
    out[n++] = f(24, (long) (infoPrev & CUES) * 8 + capPrev);
    out[n++] = f(25, infoAt(d, i - 2) & CUES);
    out[n++] = f(26, (long) (info & CUES) * 8 + cap);
    boolean titleBefore = (infoPrev & Lexicon.TITLE) != 0
        || i >= 2 && t.isPunct(i - 1, '.') && (infoAt(d, i - 2) & Lexicon.TITLE) != 0;
    out[n++] = f(27, (titleBefore ? 1 : 0) * 8 + cap);
    out[n++] = f(28, (long) d.gaz[i] * 8 + cap);
    out[n++] = f(29, d.gaz[i] * 4L + cm);
    out[n++] = f(30, i + 1 < t.size ? d.gaz[i + 1] : 0);
    out[n++] = f(31, i > 0 ? d.gaz[i - 1] : 0);
    int suffixAhead = 0;
    for (int k = 1; k <= 4 && i + k < t.size; k++) {
      if ((d.info(i + k) & Lexicon.ORG_SUFFIX) != 0 && caps(t, i + k) != 0) {
        suffixAhead = k;
        break;
      }
      if (caps(t, i + k) == 0 && !t.isPunct(i + k, '&')) {
        break;
      }
    }
    out[n++] = f(32, suffixAhead * 8 + cap);
    out[n++] = f(36, Math.min(t.length(i), 10) * 8 + cap);
    out[n++] = f(37, Hashing.combine(lowerAt(d, i - 1), lowerAt(d, i - 2)));
    out[n++] = f(39, t.is(i, Tokens.NEWLINE_BEFORE) ? cap + 1 : 0);
    return n;
  }

  /**
   * Writes the four feature hashes of token {@code i} that depend on the previous tag into
   * {@code out} from {@code at}; returns {@code at} plus their count.
   */
  int prevFeatures(Doc d, int i, int prev, int[] out, int at) {
    Tokens t = d.tokens;
    int cap = caps(t, i);
    int n = at;
    out[n++] = f(33, prev);
    out[n++] = f(34, (prev * 8 + cap) * 4 + d.caseMode);
    out[n++] = f(35, prev * 31L + shapeAt(d, i));
    out[n++] = f(38, prev * 64L + (infoAt(d, i + 1) & CUES) % 64);
    return n;
  }

  /** Sums weights of hashed features into scores, one per tag. */
  interface Scorer {
    /** Writes into {@code scores} the sums of the weights of {@code features[from, to)}. */
    void score(int[] features, int from, int to, float[] scores);
  }

  private final Scorer quantised = this::score;

  /** Sums the weights of {@code features[from, to)} into {@code scores}, one per tag. */
  void score(int[] features, int from, int count, float[] scores) {
    short[] w = weights;
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int s4 = 0;
    int s5 = 0;
    int s6 = 0;
    for (int k = from; k < count; k++) {
      int base = (features[k] & mask) * STRIDE;
      s0 += w[base];
      s1 += w[base + 1];
      s2 += w[base + 2];
      s3 += w[base + 3];
      s4 += w[base + 4];
      s5 += w[base + 5];
      s6 += w[base + 6];
    }
    scores[0] = s0 * step;
    scores[1] = s1 * step;
    scores[2] = s2 * step;
    scores[3] = s3 * step;
    scores[4] = s4 * step;
    scores[5] = s5 * step;
    scores[6] = s6 * step;
  }

  /**
   * Hard constraints shared by training and decoding: BIO continuity; no entity across a line
   * break; in mixed-case text an entity starts with a capital, and continues with capitals,
   * connecting particles ("of", "van", "and") or joining punctuation; no entity starts with digits.
   */
  static boolean permitted(Doc d, int i, int prev, int tag) {
    if (tag == O) {
      return true;
    }
    Tokens t = d.tokens;
    if (t.is(i, Tokens.EMBEDDED)) {
      return false;
    }
    boolean inside = tag == I_PER || tag == I_LOC || tag == I_ORG;
    if (inside) {
      if (prev != tag && prev != tag - 1 || t.is(i, Tokens.NEWLINE_BEFORE)) {
        return false;
      }
      if (!t.is(i, Tokens.LETTER)) {
        return !t.is(i, Tokens.DIGIT) && (t.isPunct(i, '&') || t.isPunct(i, ',') || t.isPunct(i, '.')
            || t.isPunct(i, '-') || t.isPunct(i, '\''));
      }
    } else if (!t.is(i, Tokens.LETTER) || t.is(i, Tokens.DIGIT)) {
      return false;
    }
    if (d.caseMode == CASE_MIXED && !t.is(i, Tokens.UPPER_FIRST)) {
      return inside && (d.info(i) & Lexicon.PARTICLE) != 0;
    }
    return true;
  }

  /**
   * The tags that may follow {@code prev} at token {@code i}, as a bit mask ({@code O} always):
   * after an entity, a token that may neither continue it nor start one (a lowercase word or most
   * punctuation in mixed-case text) can only be {@code O}, whatever the weights say.
   */
  private static int permittedTags(Doc d, int i, int prev) {
    int mask = 1 << O;
    for (int tag = 1; tag < TAGS; tag++) {
      if (permitted(d, i, prev, tag)) {
        mask |= 1 << tag;
      }
    }
    return mask;
  }

  /**
   * How far below {@code O} the best entity tag of a {@link #rescuable} word may score and still
   * be taken, and the confidence it then gets. Chosen on BTC dev (overlap F2 with the Viterbi
   * decoder: 0.659 at 0, 0.661 at 5, 0.663 at 10 with precision 0.690, 0.688, 0.683; with the
   * greedy decoder a margin of 100 gave 0.659 at precision 0.50).
   */
  private static final float RESCUE = 5f;
  private static final float RESCUED = 0.3f;

  /**
   * A capitalised word inside a sentence of mixed-case text that no table knows as an everyday
   * or function word: where the model's best entity tag comes close to {@code O}, it is taken
   * (an entity left out costs more than a word protected needlessly).
   */
  private static boolean rescuable(Doc d, int i) {
    Tokens t = d.tokens;
    if (d.caseMode != CASE_MIXED || !t.is(i, Tokens.UPPER_FIRST) || t.is(i, Tokens.SENTENCE_START)
        || t.length(i) < 2) {
      return false;
    }
    int info = d.info(i);
    return (info & (Lexicon.COMMON | Lexicon.FUNCTION | Lexicon.CALENDAR)) == 0;
  }

  private static float softmax(Doc d, int i, int prev, float[] scores, int best) {
    double sum = 0;
    for (int tag = 0; tag < TAGS; tag++) {
      if (permitted(d, i, prev, tag)) {
        sum += Math.exp(Math.max(-30, scores[tag] - scores[best]));
      }
    }
    return (float) (1 / sum);
  }

  /**
   * The tags token {@code i} may take after {@code prev} and be scored: {@code O} alone (the
   * token is not scored) unless some entity tag may follow, and after {@code O} only a
   * {@link #candidate} may start one.
   */
  private int scoredTags(Doc d, int i, int prev) {
    return prev == O && !candidate(d, i, O) ? 1 << O : permittedTags(d, i, prev);
  }

  /** True if some entity tag may follow a token tagged {@code prev} at token {@code i}. */
  boolean scored(Doc d, int i, int prev) {
    return scoredTags(d, i, prev) != 1 << O;
  }

  /**
   * The best tag sequence of {@code d} under {@code scorer} (Viterbi over the BIO transitions
   * that {@link #permitted} allows), into {@code tags}; {@code back} holds at least
   * {@code tokens * TAGS} bytes of working space.
   *
   * <p>A token is scored when some entity tag may follow a tag that a path allows at the token
   * before; every path through it then adds its score for its tag after its previous tag. An
   * unscored token is {@code O} on every path and adds nothing, so all paths are compared on the
   * same tokens. {@code scored}, if not {@code null}, receives which tokens were scored (training
   * updates only those).
   */
  void viterbi(Doc d, Scorer scorer, int[] tags, byte[] back, boolean[] scored) {
    int n = d.tokens.size;
    float[] cur = new float[TAGS];
    float[] next = new float[TAGS];
    float[] base = new float[STRIDE];
    float[] trans = new float[STRIDE];
    int[] allowed = new int[TAGS];
    int[] feats = new int[MAX_FEATURES];
    java.util.Arrays.fill(cur, Float.NEGATIVE_INFINITY);
    cur[O] = 0;
    boolean onlyO = true;
    for (int i = 0; i < n; i++) {
      int row = i * TAGS;
      if (onlyO && !candidate(d, i, O)) {
        // The common case: every path is at O and this token cannot start an entity, so it stays O
        // and adds nothing; cur is unchanged.
        back[row] = O;
        if (scored != null) {
          scored[i] = false;
        }
        continue;
      }
      java.util.Arrays.fill(next, Float.NEGATIVE_INFINITY);
      boolean any = false;
      for (int p = 0; p < TAGS; p++) {
        allowed[p] = cur[p] == Float.NEGATIVE_INFINITY ? 0 : scoredTags(d, i, p);
        any |= allowed[p] > 1 << O;
      }
      if (scored != null) {
        scored[i] = any;
      }
      int baseCount = 0;
      if (any) {
        baseCount = baseFeatures(d, i, feats);
        scorer.score(feats, 0, baseCount, base);
      }
      for (int p = 0; p < TAGS; p++) {
        float from = cur[p];
        if (allowed[p] == 0) {
          continue;
        }
        if (!any) {
          if (from > next[O]) {
            next[O] = from;
            back[row] = (byte) p;
          }
          continue;
        }
        scorer.score(feats, baseCount, prevFeatures(d, i, p, feats, baseCount), trans);
        for (int tag = 0; tag < TAGS; tag++) {
          if ((allowed[p] & 1 << tag) == 0) {
            continue;
          }
          float v = from + base[tag] + trans[tag];
          if (v > next[tag]) {
            next[tag] = v;
            back[row + tag] = (byte) p;
          }
        }
      }
      float[] swap = cur;
      cur = next;
      next = swap;
      onlyO = true;
      for (int tag = 1; tag < TAGS; tag++) {
        onlyO &= cur[tag] == Float.NEGATIVE_INFINITY;
      }
    }
    int best = O;
    for (int tag = 1; tag < TAGS; tag++) {
      if (cur[tag] > cur[best]) {
        best = tag;
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      tags[i] = best;
      best = back[i * TAGS + best];
    }
  }

  /**
   * Tags every token of {@code d} into {@code tags} ({@link #viterbi}); {@code confidence[i]}
   * receives the softmax probability of the chosen tag given the previous one (1 for {@code O}).
   */
  void decode(Doc d, Scratch scratch, int[] tags, float[] confidence) {
    int n = d.tokens.size;
    viterbi(d, quantised, tags, scratch.back(n * TAGS), null);
    int[] feats = new int[MAX_FEATURES];
    float[] scores = new float[STRIDE];
    for (int i = 0; i < n; i++) {
      int prev = i == 0 ? O : tags[i - 1];
      int tag = tags[i];
      confidence[i] = 1f;
      boolean rescue = tag == O && prev == O && rescuable(d, i) && scored(d, i, O);
      if (tag == O && !rescue) {
        continue;
      }
      score(feats, 0, features(d, i, prev, feats), scores);
      if (tag != O) {
        confidence[i] = softmax(d, i, prev, scores, tag);
        continue;
      }
      int entity = O;
      for (int t = B_PER; t < TAGS; t += 2) {
        if (permitted(d, i, prev, t) && (entity == O || scores[t] > scores[entity])) {
          entity = t;
        }
      }
      if (entity != O && scores[entity] > scores[O] - RESCUE) {
        tags[i] = entity;
        confidence[i] = RESCUED;
      }
    }
  }
}
