package dev.veil.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.crypto.CryptoException;
import dev.veil.retention.ContentVault;
import dev.veil.retention.OpenedRecord;
import dev.veil.retention.StoredRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes consented, scrubbed records as OpenAI fine-tuning chat JSONL ({@code veil export
 * training}): one line {@code {"messages":[{"role":...,"content":...}, ...]}} per record.
 *
 * <p>A record is exported only if all of these hold: its consent at capture was {@link
 * ConsentState#GRANTED}; the effective consent of its key and end user is still granted now
 * (withdrawal is honoured); it opens (its retention has not ended); its messages are plain text
 * in roles system, user and assistant and end with an assistant reply; and the {@link Scrubber}
 * accepted every message. Anything else is counted and left out.
 */
public final class TrainingExporter {
  /**
   * Counts of what an export did; no content. Every stored record whose retention has not ended
   * is in exactly one count.
   *
   * @param noConsent captured without training-use consent
   * @param withdrawn captured with consent that the key or end user has withdrawn since
   */
  public record Report(int written, int noConsent, int withdrawn, int unreadable,
      int unsupported, int scrubFailed) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  private final ContentVault vault;
  private final ConsentLedger ledger;
  private final Scrubber scrubber;

  public TrainingExporter(ContentVault vault, ConsentLedger ledger, Scrubber scrubber) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
  }

  /** Exports to {@code file}, replacing it only when the export completed. */
  public Report export(Path file) throws IOException, SQLException {
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    Report r;
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      r = export(w);
    } catch (IOException | SQLException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return r;
  }

  /** Exports to {@code out}, one JSON object per line. */
  public Report export(Writer out) throws IOException, SQLException {
    int written = 0;
    int withdrawn = 0;
    int unreadable = 0;
    int unsupported = 0;
    int scrubFailed = 0;
    int noConsent = vault.countCapturedWithoutConsent();
    for (StoredRecord meta : vault.capturedWithConsent()) {
      if (!meta.consentAtCapture().allowsTraining()
          || !ledger.effective(meta.tenant(), meta.apiKeyId(), meta.endUserHash()).allowsTraining()) {
        withdrawn++;
        continue;
      }
      Optional<OpenedRecord> opened;
      try {
        opened = vault.open(meta.recordId());
      } catch (CryptoException e) {
        unreadable++;
        continue;
      }
      if (opened.isEmpty()) {
        unreadable++;
        continue;
      }
      Optional<ArrayNode> messages = messages(opened.get());
      if (messages.isEmpty()) {
        unsupported++;
        continue;
      }
      Optional<ArrayNode> scrubbed = scrub(messages.get());
      if (scrubbed.isEmpty()) {
        scrubFailed++;
        continue;
      }
      ObjectNode line = JSON.createObjectNode();
      line.set("messages", scrubbed.get());
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
      written++;
    }
    out.flush();
    return new Report(written, noConsent, withdrawn, unreadable, unsupported, scrubFailed);
  }

  private static Optional<ArrayNode> messages(OpenedRecord r) {
    try {
      JsonNode request = JSON.readTree(r.field(ContentVault.REQUEST).orElse("{}"));
      JsonNode response = JSON.readTree(r.field(ContentVault.RESPONSE).orElse("{}"));
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode m : request.path("messages")) {
        if (!addMessage(out, m)) {
          return Optional.empty();
        }
      }
      if (!addMessage(out, response.path("choices").path(0).path("message"))) {
        return Optional.empty();
      }
      boolean endsWithAssistant = "assistant".equals(out.get(out.size() - 1).path("role").asText());
      return endsWithAssistant && out.size() >= 2 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean addMessage(ArrayNode out, JsonNode m) {
    String role = m.path("role").asText("");
    if (!ROLES.contains(role) || m.has("tool_calls")) {
      return false;
    }
    JsonNode content = m.path("content");
    String text;
    if (content.isTextual()) {
      text = content.asText();
    } else if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
          return false;
        }
        sb.append(part.path("text").asText());
      }
      text = sb.toString();
    } else {
      return false;
    }
    ObjectNode msg = JSON.createObjectNode();
    msg.put("role", role);
    msg.put("content", text);
    out.add(msg);
    return true;
  }

  private Optional<ArrayNode> scrub(ArrayNode messages) {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode m : messages) {
      String clean;
      try {
        clean = scrubber.scrub(m.path("content").asText());
      } catch (RuntimeException e) {
        return Optional.empty();
      }
      if (clean == null) {
        return Optional.empty();
      }
      ObjectNode msg = JSON.createObjectNode();
      msg.put("role", m.path("role").asText());
      msg.put("content", clean);
      out.add(msg);
    }
    return Optional.of(out);
  }
}
