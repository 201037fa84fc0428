package dev.veil.audit;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The canonical byte form of a log entry: the exact bytes that are hashed into the Merkle tree.
 *
 * <p>Canonical JSON, UTF-8, no whitespace, keys sorted by their bytes at every level, strings
 * escaped only where JSON requires it ({@code "} and {@code \}; control characters never occur
 * because {@link AuditEvent} refuses them), integers in plain decimal. Top-level keys: {@code
 * action, actor, details, outcome, seq, source, target, time, v}. {@code seq} is the entry's
 * index in the log, so a row moved to another position no longer hashes to its place. The format
 * is specified for other implementations in {@code docs/audit.md}.
 */
public final class AuditEntryCodec {

  /** Version of the entry format, stored as {@code v}. */
  public static final int VERSION = 1;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] SEQ_KEY = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

  private AuditEntryCodec() {}

  /** The canonical JSON text of {@code event} at log position {@code seq}. */
  public static String encode(long seq, AuditEvent event) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"action\":");
    string(out, event.action().wireName());
    out.append(",\"actor\":");
    string(out, event.actor());
    out.append(",\"details\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : event.details().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, e.getKey());
      out.append(':');
      string(out, e.getValue());
    }
    out.append("},\"outcome\":");
    string(out, event.outcome().wireName());
    out.append(",\"seq\":").append(seq);
    out.append(",\"source\":");
    string(out, event.source());
    out.append(",\"target\":");
    string(out, event.target());
    out.append(",\"time\":");
    string(out, TIME.format(event.time()));
    out.append(",\"v\":").append(VERSION).append('}');
    return out.toString();
  }

  /**
   * The value of the top-level {@code seq} key of an encoded entry, or -1 if there is none. Scans
   * the bytes once, tracking strings and nesting, so a {@code "seq":} inside details or inside a
   * string value is not mistaken for it.
   */
  public static long seqOf(byte[] json, int length) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '{') {
        depth++;
      } else if (b == '}') {
        depth--;
      } else if (b == '"') {
        if (depth == 1 && startsWith(json, length, i, SEQ_KEY)) {
          return digits(json, length, i + SEQ_KEY.length);
        }
        inString = true;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] json, int length, int at, byte[] prefix) {
    if (at + prefix.length > length) {
      return false;
    }
    for (int j = 0; j < prefix.length; j++) {
      if (json[at + j] != prefix[j]) {
        return false;
      }
    }
    return true;
  }

  private static long digits(byte[] json, int length, int at) {
    long value = 0;
    int i = at;
    while (i < length && json[i] >= '0' && json[i] <= '9' && i - at < 18) {
      value = value * 10 + (json[i] - '0');
      i++;
    }
    return i == at ? -1 : value;
  }

  private static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
