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
    this.mapper = new ObjectMapper(factory);
  }

  Parsed read(InputStream in, long contentLength) throws IOException {
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
    JsonNode node;
    try {
      node = mapper.readTree(buf, 0, n);
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
