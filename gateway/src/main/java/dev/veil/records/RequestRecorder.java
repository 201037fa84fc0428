package dev.veil.records;

import dev.veil.auth.Principal;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.limits.BudgetGuard;
import dev.veil.protect.ReceiptGuard;
import dev.veil.provider.Provider;
import dev.veil.provider.RouteGuard;
import dev.veil.provider.Upstreams;
import dev.veil.store.MetadataWriter;
import dev.veil.store.RequestRecord;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Writes the metadata record that every API request gets, as the client gets its answer (or is
 * gone): what the API layer saw on the wire ({@link Delivery}) and what the guards told each other
 * on the exchange: the API key, the model's route, the provider that served it, the receipt, the
 * consent captured with stored content and what it cost ({@link BudgetGuard#SPEND}). A fact that
 * no guard got to is {@code null}.
 *
 * <h2>Security</h2>
 * Identifiers, counts and sizes only; no content and no header value.
 */
public final class RequestRecorder {

  /** What the API layer saw of one request on the wire. */
  public record Delivery(Request.Endpoint endpoint, Instant startedAt, int status,
      boolean streamed, long latencyMicros, Integer promptTokens, Integer completionTokens,
      Integer totalTokens, long bytesIn, long bytesOut) {}

  private static final CompletableFuture<Void> QUEUED = CompletableFuture.completedFuture(null);

  private final MetadataWriter writer;
  private final boolean durable;

  /**
   * @param durable whether {@link #record}'s future waits for the commit ({@code
   *     request_records.durable}); otherwise it is complete once the record is queued, and a
   *     record still queued when the process dies is lost
   */
  public RequestRecorder(MetadataWriter writer, boolean durable) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.durable = durable;
  }

  /**
   * Queues the record of the exchange; never blocks. The future completes once the record is
   * committed (durable) or queued, and fails when it cannot be (a full queue drops and counts it).
   * The caller acknowledges the request to its client only after the future completes.
   */
  public CompletableFuture<Void> record(Exchange exchange, Delivery d) {
    RequestRecord record = of(exchange, d);
    if (durable) {
      return writer.submitDurable(record);
    }
    writer.submit(record);
    return QUEUED;
  }

  private static RequestRecord of(Exchange exchange, Delivery d) {
    Principal principal = exchange.get(Principal.KEY);
    Upstreams.Route route = exchange.get(RouteGuard.ROUTE);
    RecordGuard.Capture capture = exchange.get(RecordGuard.CAPTURE);
    return new RequestRecord(exchange.requestId(), d.startedAt(),
        principal == null ? null : principal.keyId(), d.endpoint().label(),
        route == null ? null : route.recordedModel(), exchange.get(Provider.SERVED_BY), d.status(),
        d.streamed(), d.latencyMicros(), d.promptTokens(), d.completionTokens(),
        d.totalTokens(), d.bytesIn(), d.bytesOut(), exchange.get(ReceiptGuard.SENT),
        capture == null ? null : capture.consent(), capture != null && capture.contentStored(),
        exchange.get(BudgetGuard.SPEND));
  }
}
