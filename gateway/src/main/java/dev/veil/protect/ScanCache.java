package dev.veil.protect;

import dev.veil.crypto.InstancePool;
import dev.veil.detect.Detector;
import dev.veil.detect.Finding;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers what the detector found in texts that come back. Chat clients resend the whole
 * conversation with every turn: with this cache the system prompt and the earlier messages are
 * scanned once, not on every request, and a turn costs a scan of what is new.
 *
 * <p>An entry is keyed by the SHA-256 digest of a scope (the API key) and the text, and holds the
 * findings: entity types, offsets and scores. Neither the text nor a value found in it is kept.
 * A text gets an entry the second time it is seen (the new message of one turn is history in the
 * next), so texts sent once cost a digest and take no room. Texts shorter than {@link #MIN_LENGTH}
 * are cheaper to scan than to look up and are not cached.
 * The detector gives the same findings for the same text, so a hit returns exactly what a scan
 * would.
 *
 * <p>Bounded: entries live in two generations; when the current one holds {@code budget} findings
 * (each entry counts one more), it becomes the old one and the old one is dropped. An entry found
 * in the old generation moves to the current one, so texts in use stay.
 *
 * <h2>Security</h2>
 * Scoped per API key: whether a lookup hits could be timed, and a key must not learn that way
 * whether another key sent a text. Within a scope a caller learns only about texts it could send.
 * Thread-safe.
 */
final class ScanCache {

  /** Shorter texts are scanned every time. */
  static final int MIN_LENGTH = 64;

  /** Chars digested per block. */
  private static final int BLOCK = 2048;

  /** Slots of the doorkeeper, a power of two (512 KB). */
  private static final int SEEN_SLOTS = 1 << 16;

  private final long budget;
  /**
   * The doorkeeper: part of the digest of texts seen once, by another part. A text gets an entry
   * on its second sighting, so a one-off text costs a digest and no entry. A slot overwritten by
   * another text only delays an entry; a false match only makes one early. Neither changes a result.
   */
  private final AtomicLongArray seen = new AtomicLongArray(SEEN_SLOTS);
  private final InstancePool<Digester> idle = new InstancePool<>(Digester::new);
  private volatile Generation current = new Generation();
  private volatile Generation old = new Generation();

  /** @param budget findings (plus one per entry) that one generation may hold */
  ScanCache(long budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be positive");
    }
    this.budget = budget;
  }

  /**
   * The findings of {@code text}, from the cache or from {@link RequestProtector#scan}.
   *
   * @param scope whose entries to use, or {@code null} to scan without the cache
   * @param location where the text sits in the request, for errors
   * @return an unmodifiable list
   */
  List<Finding> scan(Detector detector, String scope, String text, String location) {
    if (scope == null || text.length() < MIN_LENGTH) {
      return RequestProtector.scan(detector, text, location);
    }
    Key key = key(scope, text);
    Generation now = current;
    List<Finding> findings = now.entries.get(key);
    if (findings != null) {
      return findings;
    }
    findings = old.entries.get(key);
    if (findings != null) {
      put(now, key, findings);
      return findings;
    }
    findings = RequestProtector.scan(detector, text, location);
    int slot = (int) key.c() & (SEEN_SLOTS - 1);
    if (seen.get(slot) == key.a()) {
      put(now, key, List.copyOf(findings));
    } else {
      seen.set(slot, key.a());
    }
    return findings;
  }

  /** Entries in the current generation, for tests. */
  int size() {
    return current.entries.size();
  }

  private void put(Generation now, Key key, List<Finding> findings) {
    if (now.entries.putIfAbsent(key, findings) == null
        && now.weight.addAndGet(findings.size() + 1L) >= budget) {
      synchronized (this) {
        if (current == now) {
          old = now;
          current = new Generation();
        }
      }
    }
  }

  private Key key(String scope, String text) {
    Digester d = idle.take();
    Key k = d.key(scope, text);
    // Given back only after a whole digest: one that failed midway may hold a partial state.
    idle.give(d);
    return k;
  }

  private static final class Generation {
    final ConcurrentHashMap<Key, List<Finding>> entries = new ConcurrentHashMap<>();
    final AtomicLong weight = new AtomicLong();
  }

  /** A SHA-256 digest, as four longs. */
  private record Key(long a, long b, long c, long d) {}

  /** A digest and its block buffers (cleared after use), reused across requests. */
  private static final class Digester {
    final MessageDigest sha256;
    final char[] chars = new char[BLOCK];
    final byte[] block = new byte[2 * BLOCK];
    /** {@link #block} as big-endian UTF-16 code units: one bulk copy a block. */
    final CharBuffer units = ByteBuffer.wrap(block).asCharBuffer();

    Digester() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }

    /** Digests the scope's length and UTF-8 bytes, then the text's UTF-16 code units. */
    Key key(String scope, String text) {
      byte[] s = scope.getBytes(StandardCharsets.UTF_8);
      sha256.update((byte) (s.length >>> 24));
      sha256.update((byte) (s.length >>> 16));
      sha256.update((byte) (s.length >>> 8));
      sha256.update((byte) s.length);
      sha256.update(s);
      int n = text.length();
      for (int from = 0; from < n; from += BLOCK) {
        int len = Math.min(BLOCK, n - from);
        text.getChars(from, from + len, chars, 0);
        units.clear();
        units.put(chars, 0, len);
        sha256.update(block, 0, 2 * len);
      }
      int used = Math.min(n, BLOCK);
      Arrays.fill(chars, 0, used, '\0');
      Arrays.fill(block, 0, 2 * used, (byte) 0);
      byte[] h = sha256.digest();
      return new Key(longAt(h, 0), longAt(h, 8), longAt(h, 16), longAt(h, 24));
    }

    private static long longAt(byte[] h, int at) {
      long v = 0;
      for (int k = 0; k < 8; k++) {
        v = (v << 8) | (h[at + k] & 0xff);
      }
      return v;
    }
  }
}
