package dev.veil.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veil.detect.Detector;
import dev.veil.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The inspection limits on their own: a request stops being scanned as soon as its text passes
 * the limit, and inspection slots are per key and given back.
 */
class InspectionLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDetectorNeverSeesMoreThanTheLimit() {
    AtomicLong seen = new AtomicLong();
    Detector counting = text -> {
      seen.addAndGet(text.length());
      return List.of();
    };
    RequestProtector protector = new RequestProtector(counting, input -> new byte[16], 4_500);
    ObjectNode body = JSON.createObjectNode().put("model", "m");
    ArrayNode messages = body.putArray("messages");
    for (int i = 0; i < 10; i++) {
      messages.addObject().put("role", "user").put("content", i + "z".repeat(999));
    }

    assertThatThrownBy(() -> protector.protect(EndpointKind.CHAT_COMPLETIONS, body,
        Policy.defaults(), "t", "key-1"))
        .isInstanceOfSatisfying(InspectionTooLargeException.class,
            e -> assertThat(e.limit()).isEqualTo(4_500))
        .hasMessageNotContaining("zzz");
    assertThat(seen.get()).isLessThanOrEqualTo(4_500);
  }

  @Test
  void aTextServedFromTheScanCacheCountsToo() {
    RequestProtector protector = new RequestProtector(text -> List.of(), input -> new byte[16],
        1_500);
    ObjectNode once = chat("a".repeat(1_000));
    protector.protect(EndpointKind.CHAT_COMPLETIONS, once, Policy.defaults(), "t", "key-1");
    ObjectNode twice = chat("a".repeat(1_000), "a".repeat(1_000));

    assertThatThrownBy(() -> protector.protect(EndpointKind.CHAT_COMPLETIONS, twice,
        Policy.defaults(), "t", "key-1")).isInstanceOf(InspectionTooLargeException.class);
  }

  @Test
  void slotsArePerKeyAndGivenBack() {
    InspectionSlots slots = new InspectionSlots(2, Duration.ZERO);
    assertThat(slots.acquire("a")).isTrue();
    assertThat(slots.acquire("a")).isTrue();
    assertThat(slots.acquire("a")).isFalse();
    assertThat(slots.acquire("b")).isTrue();
    slots.release("a");
    assertThat(slots.acquire("a")).isTrue();
  }

  @Test
  void aRequestWaitsForASlotThatFreesUpInTime() throws Exception {
    InspectionSlots slots = new InspectionSlots(1, Duration.ofSeconds(10));
    assertThat(slots.acquire("a")).isTrue();
    CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> slots.acquire("a"));
    Thread.sleep(50);
    assertThat(waiting).isNotDone();
    slots.release("a");
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
  }

  private static ObjectNode chat(String... texts) {
    ObjectNode body = JSON.createObjectNode().put("model", "m");
    ArrayNode messages = body.putArray("messages");
    for (String t : texts) {
      messages.addObject().put("role", "user").put("content", t);
    }
    return body;
  }
}
