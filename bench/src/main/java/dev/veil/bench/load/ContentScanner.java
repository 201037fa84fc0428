package dev.veil.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pulls the assistant text out of a chat-completions response without building a JSON tree: it
 * concatenates every {@code "content"} string value, which covers {@code message.content} of a
 * JSON answer and every {@code delta.content} of an SSE stream. Cheap enough to run on every
 * response, so the driver can check that each personal value came back intact.
 */
final class ContentScanner {

  private static final byte[] KEY = "\"content\"".getBytes(StandardCharsets.US_ASCII);

  private ContentScanner() {}

  static String content(byte[] body, int length) {
    return content(body, length, KEY);
  }

  /** Every string value of {@code key} (a quoted JSON key, e.g. {@code "delta"}), joined. */
  static String content(byte[] body, int length, String key) {
    return content(body, length, ("\"" + key + "\"").getBytes(StandardCharsets.US_ASCII));
  }

  private static String content(byte[] body, int length, byte[] key) {
    StringBuilder text = new StringBuilder(length);
    int i = 0;
    while ((i = indexOf(body, length, i, key)) >= 0) {
      i += key.length;
      while (i < length && isSpace(body[i])) {
        i++;
      }
      if (i >= length || body[i] != ':') {
        continue;
      }
      i++;
      while (i < length && isSpace(body[i])) {
        i++;
      }
      if (i < length && body[i] == '"') {
        i = readString(body, length, i + 1, text);
      }
    }
    return text.toString();
  }

  /** True when every value occurs in the text. */
  static boolean containsAll(String text, List<String> values) {
    for (String value : values) {
      if (!text.contains(value)) {
        return false;
      }
    }
    return true;
  }

  private static int readString(byte[] body, int length, int i, StringBuilder text) {
    int run = i;
    while (i < length) {
      byte b = body[i];
      if (b == '"') {
        text.append(new String(body, run, i - run, StandardCharsets.UTF_8));
        return i + 1;
      }
      if (b == '\\' && i + 1 < length) {
        text.append(new String(body, run, i - run, StandardCharsets.UTF_8));
        byte e = body[i + 1];
        i += 2;
        switch (e) {
          case 'n' -> text.append('\n');
          case 't' -> text.append('\t');
          case 'r' -> text.append('\r');
          case 'b' -> text.append('\b');
          case 'f' -> text.append('\f');
          case 'u' -> {
            if (i + 4 <= length) {
              text.append((char) Integer.parseInt(new String(body, i, 4, StandardCharsets.US_ASCII), 16));
              i += 4;
            }
          }
          default -> text.append((char) e);
        }
        run = i;
        continue;
      }
      i++;
    }
    return length;
  }

  private static int indexOf(byte[] body, int length, int from, byte[] key) {
    outer:
    for (int i = from; i <= length - key.length; i++) {
      for (int k = 0; k < key.length; k++) {
        if (body[i + k] != key[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
