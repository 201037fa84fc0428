package dev.veil.protect;

import dev.veil.detect.EntityType;
import dev.veil.guard.Exchange;
import dev.veil.policy.Action;
import dev.veil.policy.OutputAction;

/**
 * What Veil found and did in one exchange: counts per entity type and action, and the policy's
 * name. Sent to the client as the {@code X-Veil-Receipt} header ({@link #headerValue()}).
 *
 * <p>Immutable; {@link #plus(Receipt)} combines the request's receipt with the output's. Guards
 * add theirs to the exchange with {@link #add(Exchange, Receipt)}; {@link ReceiptGuard} sends the
 * sum.
 *
 * <h2>Security</h2>
 * Counts only, never a value or an offset.
 */
public final class Receipt {

  private static final EntityType[] TYPE_VALUES = EntityType.values();
  private static final Action[] ACTION_VALUES = Action.values();
  private static final OutputAction[] OUTPUT_VALUES = OutputAction.values();
  private static final int TYPES = TYPE_VALUES.length;
  private static final int ACTIONS = ACTION_VALUES.length;
  private static final int OUTPUTS = OUTPUT_VALUES.length;

  private static final Exchange.Key<Receipt> KEY = Exchange.Key.of("receipt", Receipt.class);

  private final String policy;
  private final int[] request;
  private final int[] output;

  private Receipt(String policy, int[] request, int[] output) {
    this.policy = policy;
    this.request = request;
    this.output = output;
  }

  /** Adds a guard's counts to the exchange's receipt; the first receipt names the policy. */
  public static void add(Exchange exchange, Receipt more) {
    exchange.merge(KEY, more, Receipt::plus);
  }

  /** What the guards found and did so far; {@code policy=none} before any guard reported. */
  public static Receipt of(Exchange exchange) {
    Receipt r = exchange.get(KEY);
    return r == null ? empty("none") : r;
  }

  /** A receipt with no findings. */
  public static Receipt empty(String policy) {
    return new Receipt(policy, new int[TYPES * ACTIONS], new int[TYPES * OUTPUTS]);
  }

  public String policy() {
    return policy;
  }

  /** How many request findings of {@code type} got {@code action}. */
  public int count(EntityType type, Action action) {
    return request[type.ordinal() * ACTIONS + action.ordinal()];
  }

  /** How many findings of {@code type} in the model's output got {@code action}. */
  public int outputCount(EntityType type, OutputAction action) {
    return output[type.ordinal() * OUTPUTS + action.ordinal()];
  }

  /** The total number of findings acted on, request and output. */
  public int total() {
    int n = 0;
    for (int c : request) {
      n += c;
    }
    for (int c : output) {
      n += c;
    }
    return n;
  }

  /** This receipt with the counts of {@code other} added; the policy name is kept. */
  public Receipt plus(Receipt other) {
    int[] r = request.clone();
    int[] o = output.clone();
    for (int i = 0; i < r.length; i++) {
      r[i] += other.request[i];
    }
    for (int i = 0; i < o.length; i++) {
      o[i] += other.output[i];
    }
    return new Receipt(policy, r, o);
  }

  /**
   * A compact, ASCII header value, e.g. {@code
   * policy=default;EMAIL_ADDRESS.pseudonymize=2;SECRET.block=1;out.PERSON.mask=1}. Types and
   * actions appear in declaration order; zero counts are left out.
   */
  public String headerValue() {
    StringBuilder sb = new StringBuilder(128).append("policy=").append(policy);
    for (EntityType t : TYPE_VALUES) {
      for (Action a : ACTION_VALUES) {
        int c = count(t, a);
        if (c > 0) {
          sb.append(';').append(t.name()).append('.').append(a.configName()).append('=').append(c);
        }
      }
    }
    for (EntityType t : TYPE_VALUES) {
      for (OutputAction a : OUTPUT_VALUES) {
        int c = outputCount(t, a);
        if (c > 0) {
          sb.append(";out.").append(t.name()).append('.').append(a.configName()).append('=').append(c);
        }
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Receipt[" + headerValue() + "]";
  }

  /** Accumulates counts; not thread-safe. */
  public static final class Counter {
    private final String policy;
    private final int[] request = new int[TYPES * ACTIONS];
    private final int[] output = new int[TYPES * OUTPUTS];

    public Counter(String policy) {
      this.policy = policy;
    }

    public void add(EntityType type, Action action) {
      request[type.ordinal() * ACTIONS + action.ordinal()]++;
    }

    public void addOutput(EntityType type, OutputAction action) {
      output[type.ordinal() * OUTPUTS + action.ordinal()]++;
    }

    public Receipt toReceipt() {
      return new Receipt(policy, request.clone(), output.clone());
    }
  }
}
