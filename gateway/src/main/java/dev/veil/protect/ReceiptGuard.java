package dev.veil.protect;

import dev.veil.guard.Exchange;
import dev.veil.guard.Guard;
import dev.veil.guard.Response;

/**
 * Sends the request's {@link Receipt} to the client as the {@value #HEADER} header: what the
 * guards after this one found and did, counted once they have all returned (for a stream, before
 * its first event; the output of a stream is counted in the record only as far as it is known
 * then). A guard that fails still gets a receipt, with the counts made before it failed.
 *
 * <h2>Security</h2>
 * Counts and the policy's name only.
 */
public final class ReceiptGuard implements Guard {
  /** The response header. */
  public static final String HEADER = "X-Veil-Receipt";

  /** The receipt as it was sent, for the request's metadata record. */
  public static final Exchange.Key<String> SENT = Exchange.Key.of("receipt.sent", String.class);

  @Override
  public String name() {
    return "receipt";
  }

  @Override
  public Response intercept(Chain chain) {
    Exchange exchange = chain.exchange();
    try {
      return chain.proceed(chain.request());
    } finally {
      String value = Receipt.of(exchange).headerValue();
      exchange.put(SENT, value);
      exchange.responseHeader(HEADER, value);
    }
  }
}
