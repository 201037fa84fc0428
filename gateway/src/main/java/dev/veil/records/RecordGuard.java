package dev.veil.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.auth.Principal;
import dev.veil.consent.ConsentLedger;
import dev.veil.consent.ConsentState;
import dev.veil.consent.EndUsers;
import dev.veil.crypto.CryptoException;
import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import dev.veil.guard.SseEvent;
import dev.veil.guard.StreamRefusal;
import dev.veil.guard.StreamTransformer;
import dev.veil.json.Jackson;
import dev.veil.policy.Policies;
import dev.veil.policy.Policy;
import dev.veil.provider.Provider;
import dev.veil.retention.ContentVault;
import dev.veil.retention.DurableWriteQueue;
import dev.veil.retention.RecordToStore;
import dev.veil.retention.Retention;
import dev.veil.retention.StoreMode;
import dev.veil.retention.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the caller's policy says to keep of a request, and nothing else.
 *
 * <ul>
 *   <li>{@code store: none} (the default): no content at all; only the metadata record that every
 *       request gets. Consent is not looked up.
 *   <li>{@code store: protected}: the request body as it went upstream (after masking and
 *       pseudonymisation) and the answer as the provider sent it, before restoring.
 *   <li>{@code store: original}: the request as the client sent it and the answer as the client
 *       got it (restored).
 * </ul>
 *
 * <p>Content is sealed by {@link ContentVault#seal} under the data key of the tenant and the
 * policy's retention period, bound to (tenant, request id, field), together with the training
 * consent of the end user ({@value EndUsers#HEADER} header, else the body's {@code user}) and the
 * API key at capture ({@link ConsentLedger#stateAtCapture}). The request id is the id of the
 * metadata record. A streamed answer is stored in its non-streamed {@code chat.completion} form,
 * folded as the events pass; embeddings keep the request only (vectors are not kept). Only answers
 * with a 2xx status are stored: refusals and upstream errors keep only the metadata record.
 *
 * <p>It also lets the provider keep the request ({@link Provider#UPSTREAM_STORE}) when the
 * policy says {@code upstream_store: allow}; otherwise the provider adapter sends {@code "store":
 * false}.
 *
 * <p>Placement: this guard is the first of the content guards, after authentication, validation,
 * routing, limits and the receipt (it sees the client's request and the restored answer) and its {@link #upstreamTap()} the <b>last</b> (it sees the request as it goes
 * upstream and the answer before any guard changes it). Without the tap, {@code store: protected}
 * fails every request closed.
 *
 * <h2>Durability: what is guaranteed</h2>
 * <ul>
 *   <li>Before going upstream: when the content store is known to be down, or the consent ledger
 *       cannot be read, the request is refused with 503 {@code veil_store_unavailable} and nothing
 *       is sent upstream.
 *   <li>Non-streamed answers are released to the client only after the record is committed by the
 *       {@link DurableWriteQueue} (it then survives {@code kill -9}). When it cannot be made
 *       durable (queue full, store down, no acknowledgement within the timeout) the client gets 503
 *       {@code veil_store_unavailable} and not the answer.
 *   <li>Streams are not buffered: each event goes to the client as it arrives. When the upstream
 *       sends {@code [DONE]}, the record is sealed and committed, and {@code [DONE]} is sent only
 *       after the commit. When the record cannot be made durable, the stream ends with an error
 *       event {@code veil_store_unavailable} instead of {@code [DONE]}: the client has received
 *       the content events of an answer that is not recorded, but never a completed stream.
 *   <li>A stream that breaks before {@code [DONE]} (upstream failure, client gone) ends with an
 *       error event and stores nothing.
 *   <li>After a timeout the record may still be committed later: a record can exist for an
 *       answer that was withheld, never the other way round.
 * </ul>
 *
 * <p>Data keys: a timer makes the data keys of the current and the next retention period of every
 * storing policy ahead of time ({@link #warmKeys()}), so that sealing on the request path never
 * calls the KEK provider, also when a new period begins.
 *
 * <h2>Security</h2>
 * Plaintext content lives only in memory for the life of the request; it is sealed before it is
 * queued. Log lines and error messages carry the request id and exception class names, never
 * content, end user ids or consent subjects.
 */
public final class RecordGuard implements Guard, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordGuard.class);
  private static final ObjectMapper MAPPER = Jackson.MAPPER;
  private static final String END_USER_HEADER = EndUsers.HEADER.toLowerCase(Locale.ROOT);

  /**
   * What was captured of a request, for its metadata record: the consent at capture and whether
   * its content was made durable. Absent for requests whose policy stores no content.
   */
  public record Capture(ConsentState consent, boolean contentStored) {}

  /** The exchange attribute holding the {@link Capture} of a request. */
  public static final Exchange.Key<Capture> CAPTURE = Exchange.Key.of("record.capture",
      Capture.class);

  private static final Exchange.Key<Recording> RECORDING = Exchange.Key.of("record.recording",
      Recording.class);

  private final Policies policies;
  private final String tenant;
  private final ConsentLedger ledger;
  private final ContentVault vault;
  private final DurableWriteQueue queue;
  private final Duration ackTimeout;
  private final List<Retention> retentions;
  private final ScheduledExecutorService warmer;

  /**
   * Starts the key-warming timer when some policy stores content.
   *
   * @param queue the write queue of {@code vault}; owned by this guard from now on and closed
   *     (after writing what is queued) by {@link #close()}
   * @param ackTimeout how long a request waits for its record to be committed
   */
  public RecordGuard(Policies policies, String tenant, ConsentLedger ledger, ContentVault vault,
      DurableWriteQueue queue, Duration ackTimeout) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.ackTimeout = Objects.requireNonNull(ackTimeout, "ackTimeout");
    if (ackTimeout.isNegative() || ackTimeout.isZero()) {
      throw new IllegalArgumentException("ackTimeout must be positive, was " + ackTimeout);
    }
    this.retentions = policies.names().stream().map(policies::get).map(Policy::retention)
        .flatMap(Optional::stream).distinct().toList();
    if (retentions.isEmpty()) {
      this.warmer = null;
    } else {
      // Half the shortest period step, so the next period's key exists before that period starts.
      long every = retentions.stream().map(Retention::step).min(Duration::compareTo).orElseThrow()
          .toMillis() / 2;
      this.warmer = Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("veil-data-key-warmer").unstarted(r));
      warmer.scheduleWithFixedDelay(this::warmKeys, 0, Math.max(500, every),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public String name() {
    return "record";
  }

  /** The error for content that a policy requires to be stored and that cannot be. */
  private static Response.Json storeUnavailable(boolean sentUpstream) {
    return Response.error(503, "server_error", "veil_store_unavailable",
        "The policy of this API key requires the request to be recorded and the record store is"
            + " unavailable; " + (sentUpstream ? "the answer was withheld." : "nothing was sent"
            + " upstream.") + " Retry later.", null);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Exchange exchange = chain.exchange();
    Policy policy = policyFor(exchange);
    if (policy.upstreamStore()) {
      exchange.put(Provider.UPSTREAM_STORE, true);
    }
    if (policy.store() == StoreMode.NONE) {
      return chain.proceed(request);
    }
    Optional<String> endUser;
    try {
      endUser = EndUsers.identify(userField(request.body()), request.headers().get(
          END_USER_HEADER));
    } catch (IllegalArgumentException e) {
      return Response.error(400, "invalid_request_error", "veil_invalid_end_user",
          "The end user id (header " + EndUsers.HEADER + " or field 'user') is longer than 256"
              + " characters.", null);
    }
    if (!queue.isHealthy()) {
      LOG.warn("request {}: content store is down; refused before going upstream",
          exchange.requestId());
      return storeUnavailable(false);
    }
    ConsentState consent;
    try {
      consent = ledger.stateAtCapture(tenant, Principal.of(exchange).keyId(), endUser);
    } catch (SQLException e) {
      LOG.warn("request {}: consent ledger unreadable ({}); refused before going upstream",
          exchange.requestId(), e.getClass().getName());
      return storeUnavailable(false);
    }
    Recording rec = new Recording(policy, consent,
        endUser.map(u -> ledger.endUserHash(tenant, u)),
        policy.store() == StoreMode.ORIGINAL ? MAPPER.writeValueAsString(request.body()) : null,
        request.endpoint());
    exchange.put(CAPTURE, new Capture(consent, false));
    exchange.put(RECORDING, rec);

    Response response = chain.proceed(request);
    if (response.isError() || response.status() >= 300) {
      return response;
    }
    return switch (response) {
      case Response.Json json -> {
        String answer = rec.original()
            ? new String(json.bytes(), StandardCharsets.UTF_8) : rec.upstreamResponse;
        yield persist(rec, answer, exchange) ? json : storeUnavailable(true);
      }
      case Response.Streaming stream -> stream.transform(new SealingTransformer(rec, exchange));
    };
  }

  /**
   * The part of this guard that must be last in the list, next to the provider: it captures the
   * request as it goes upstream and the answer as it comes back, for {@code store: protected}.
   */
  public Guard upstreamTap() {
    return new Guard() {
      @Override
      public Response intercept(Chain chain) throws IOException {
        Recording rec = chain.exchange().get(RECORDING);
        if (rec == null || rec.original()) {
          return chain.proceed(chain.request());
        }
        rec.upstreamRequest = MAPPER.writeValueAsString(chain.request().body());
        Response response = chain.proceed(chain.request());
        return switch (response) {
          case Response.Json json -> {
            rec.upstreamResponse = new String(json.bytes(), StandardCharsets.UTF_8);
            yield json;
          }
          case Response.Streaming stream -> {
            ChatStreamAssembler assembler = new ChatStreamAssembler();
            rec.upstreamStream = assembler;
            yield stream.transform(event -> {
              assembler.add(event);
              return List.of(event);
            });
          }
        };
      }

      @Override
      public String name() {
        return "record-upstream";
      }
    };
  }

  private Policy policyFor(Exchange exchange) {
    String name = Principal.of(exchange).policy();
    return name == null ? policies.defaultPolicy() : policies.get(name);
  }

  private static String userField(JsonNode body) {
    JsonNode user = body.get("user");
    return user != null && user.isTextual() ? user.asText() : null;
  }

  /** Seals and commits the record; returns whether it is durable. Never throws for the store. */
  private boolean persist(Recording rec, String answer, Exchange exchange) {
    String requestText = rec.original() ? rec.originalRequest : rec.upstreamRequest;
    if (requestText == null || (answer == null
        && rec.endpoint != Request.Endpoint.EMBEDDINGS)) {
      throw new IllegalStateException("store: protected needs RecordGuard.upstreamTap() as the"
          + " last guard");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(ContentVault.REQUEST, requestText);
    if (rec.endpoint != Request.Endpoint.EMBEDDINGS) {
      fields.put(ContentVault.RESPONSE, answer);
    }
    RecordToStore record = new RecordToStore(exchange.requestId(), tenant,
        Principal.of(exchange).keyId(), rec.endUserHash, rec.policy.store(), rec.consent,
        exchange.clock().instant(), rec.policy.retention().orElseThrow(), fields);
    try {
      queue.submit(vault.seal(record)).get(ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (StoreUnavailableException | CryptoException | ExecutionException
        | TimeoutException e) {
      LOG.warn("request {}: content could not be made durable ({}); answer withheld",
          exchange.requestId(), e.getClass().getName());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    exchange.put(CAPTURE, new Capture(rec.consent, true));
    return true;
  }

  /**
   * Makes the data keys of the current and the next period of every storing policy's retention,
   * if they do not exist yet. Failures are logged and retried at the next tick; a request that
   * needs a key that is still missing makes it itself.
   */
  public void warmKeys() {
    for (Retention r : retentions) {
      try {
        vault.prepare(tenant, r);
      } catch (RuntimeException e) {
        LOG.warn("could not make data keys ahead of time for retention {} ({})", r.duration(),
            e.getClass().getName());
      }
    }
  }

  /** Stops the key timer and the write queue, after committing what is queued. */
  @Override
  public void close() {
    if (warmer != null) {
      warmer.shutdownNow();
    }
    queue.close();
  }

  /** What one request will store, and what the tap captured of it. */
  private static final class Recording {
    final Policy policy;
    final ConsentState consent;
    final Optional<String> endUserHash;
    final String originalRequest;
    final Request.Endpoint endpoint;
    volatile String upstreamRequest;
    volatile String upstreamResponse;
    volatile ChatStreamAssembler upstreamStream;

    Recording(Policy policy, ConsentState consent, Optional<String> endUserHash,
        String originalRequest, Request.Endpoint endpoint) {
      this.policy = policy;
      this.consent = consent;
      this.endUserHash = endUserHash;
      this.originalRequest = originalRequest;
      this.endpoint = endpoint;
    }

    boolean original() {
      return policy.store() == StoreMode.ORIGINAL;
    }

    @Override
    public String toString() {
      return "Recording[" + policy.store() + "]";
    }
  }

  /**
   * Folds the answer as it passes (for {@code original}; the tap folds it for {@code protected})
   * and, at the end, holds {@code [DONE]} back until the record is committed.
   */
  private final class SealingTransformer implements StreamTransformer {
    private final Recording rec;
    private final Exchange exchange;
    private final ChatStreamAssembler restored;

    SealingTransformer(Recording rec, Exchange exchange) {
      this.rec = rec;
      this.exchange = exchange;
      this.restored = rec.original() ? new ChatStreamAssembler() : null;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent event) throws IOException {
      if (restored != null) {
        restored.add(event);
      }
      return List.of(event);
    }

    @Override
    public List<SseEvent> onEnd() {
      ChatStreamAssembler answer = restored != null ? restored : rec.upstreamStream;
      if (!persist(rec, answer == null ? null : answer.toJson(), exchange)) {
        throw new StreamRefusal(503, "server_error", "veil_store_unavailable",
            "The policy of this API key requires the request to be recorded and the record"
                + " store is unavailable; the stream was not completed.");
      }
      return List.of();
    }
  }
}
