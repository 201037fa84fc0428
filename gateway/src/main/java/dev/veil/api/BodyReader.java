package dev.veil.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Response;
import dev.veil.json.Jackson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads and parses request bodies within the configured limits: size, nesting depth and string
 * length. Errors describe the position and the limit, never the content.
 */
final class BodyReader {
  private static final long DRAIN_LIMIT = 16L * 1024 * 1024;
  private final ObjectMapper mapper;
  private final VeilConfig.Limits limits;

  /** A parsed body, or the error to answer with. */
  record Parsed(ObjectNode body, int bytes, Response.Json error) {}

  BodyReader(VeilConfig.Limits limits) {
    this.limits = limits;
    JsonFactory factory = Jackson.factory()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth())
            .maxStringLength(limits.maxStringLength())
            .maxNameLength(Math.min(limits.maxStringLength(), 50_000))
            .maxDocumentLength(limits.maxBodyBytes())
            .build())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    this.mapper = new ObjectMapper(factory)
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .setNodeFactory(FiniteNumbers.INSTANCE);
  }

  /** Refuses numbers that overflow a double: they would go upstream as {@code Infinity}. */
  private static final class FiniteNumbers extends com.fasterxml.jackson.databind.node.JsonNodeFactory {
    static final FiniteNumbers INSTANCE = new FiniteNumbers();

    @Override
    public com.fasterxml.jackson.databind.node.NumericNode numberNode(double v) {
      if (!Double.isFinite(v)) {
        throw new NumberOutOfRange();
      }
      return super.numberNode(v);
    }

    @Override
    public com.fasterxml.jackson.databind.node.NumericNode numberNode(float v) {
      if (!Float.isFinite(v)) {
        throw new NumberOutOfRange();
      }
      return super.numberNode(v);
    }
  }

  private static final Response.Json TOO_BIG_NUMBER = ApiErrors.invalid(
      "The request JSON has a number too large for a double.", null);

  private static final class NumberOutOfRange extends RuntimeException {
    NumberOutOfRange() {
      super("a number is out of range", null, false, false);
    }
  }

  /**
   * Why {@code buf[0, n)} is not strict UTF-8 JSON text, or {@code null}: a byte-order mark or
   * zero bytes (UTF-16 or UTF-32), overlong forms, surrogates or truncated sequences.
   */
  private static String notUtf8(byte[] buf, int n) {
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      byte b = buf[i];
      if (b == 0) {
        return "The request body must be UTF-8 (it holds zero bytes, as UTF-16 or UTF-32 text does).";
      }
      ascii &= b >= 0;
    }
    if (ascii) {
      return null;
    }
    if (n >= 2 && (buf[0] == (byte) 0xFE && buf[1] == (byte) 0xFF
        || buf[0] == (byte) 0xFF && buf[1] == (byte) 0xFE)) {
      return "The request body must be UTF-8, not UTF-16.";
    }
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(buf, 0, n));
      return null;
    } catch (java.nio.charset.CharacterCodingException e) {
      return "The request body is not valid UTF-8 (overlong, truncated or surrogate sequences).";
    }
  }

  /**
   * Reads and parses a body. A body that breaks off (a bad chunk, a connection closed before the
   * declared length) is a 400, one that stops arriving a 408: never a silent empty answer.
   */
  Parsed read(InputStream in, long contentLength) {
    try {
      return readOrFail(in, contentLength);
    } catch (IOException e) {
      if (timedOut(e)) {
        return new Parsed(null, 0, Response.error(408, "invalid_request_error", "request_timeout",
            "The request body did not arrive in time.", null));
      }
      return new Parsed(null, 0, ApiErrors.invalid("The request body was cut off or malformed"
          + " (" + e.getClass().getSimpleName() + ").", null));
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private Parsed readOrFail(InputStream in, long contentLength) throws IOException {
    int max = limits.maxBodyBytes();
    if (contentLength > max) {
      return new Parsed(null, drain(in), ApiErrors.tooLarge(max));
    }
    byte[] buf = new byte[contentLength > 0 ? (int) contentLength : 8192];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        // The declared length has arrived: a one-byte probe finds the end without growing the
        // buffer, which would copy every body once more.
        int probe = n == contentLength ? in.read() : 0;
        if (probe < 0) {
          break;
        }
        if (buf.length > max) {
          return new Parsed(null, n, ApiErrors.tooLarge(max));
        }
        buf = Arrays.copyOf(buf, Math.min(max + 1, buf.length * 2));
        if (n == contentLength) {
          buf[n++] = (byte) probe;
          continue;
        }
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
      if (n > max) {
        return new Parsed(null, n + drain(in), ApiErrors.tooLarge(max));
      }
    }
    if (n == 0) {
      return new Parsed(null, 0, ApiErrors.invalid("The request body is empty.", null));
    }
    String encoding = notUtf8(buf, n);
    if (encoding != null) {
      return new Parsed(null, n, ApiErrors.invalid(encoding, null));
    }
    JsonNode node;
    try {
      node = mapper.readTree(buf, 0, n);
    } catch (NumberOutOfRange e) {
      return new Parsed(null, n, TOO_BIG_NUMBER);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      if (e.getCause() instanceof NumberOutOfRange) {
        return new Parsed(null, n, TOO_BIG_NUMBER);
      }
      String m = e.getOriginalMessage();
      return new Parsed(null, n, ApiErrors.invalid(m != null && m.startsWith("Trailing token")
          ? "The request body has data after its JSON document."
          : "The request body is not valid JSON in UTF-8.", null));
    } catch (StreamConstraintsException e) {
      return new Parsed(null, n, ApiErrors.invalid(constraintMessage(e), null));
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column "
          + loc.getColumnNr() + ")";
      return new Parsed(null, n, ApiErrors.invalid(
          "The request body is not valid JSON in UTF-8" + where + ".", null));
    }
    if (!(node instanceof ObjectNode obj)) {
      return new Parsed(null, n, ApiErrors.invalid("The request body must be a JSON object.",
          null));
    }
    return new Parsed(obj, n, null);
  }

  /**
   * Reads and drops the rest of an oversized body, up to a bound, so that the client (still
   * sending) reliably receives the 413 instead of a connection reset.
   */
  private int drain(InputStream in) throws IOException {
    long bound = Math.max(DRAIN_LIMIT, 4L * limits.maxBodyBytes());
    byte[] scratch = new byte[16384];
    long total = 0;
    int r;
    while (total < bound && (r = in.read(scratch)) >= 0) {
      total += r;
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  private String constraintMessage(StreamConstraintsException e) {
    String m = e.getOriginalMessage();
    if (m != null && m.contains("nesting")) {
      return "The request JSON is nested deeper than the limit of " + limits.maxJsonDepth()
          + " levels.";
    }
    if (m != null && m.contains("Document")) {
      return "The request body is larger than the limit of " + limits.maxBodyBytes() + " bytes.";
    }
    return "The request JSON has a string longer than the limit of " + limits.maxStringLength()
        + " characters.";
  }
}
