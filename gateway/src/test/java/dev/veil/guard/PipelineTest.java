package dev.veil.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final List<String> trace = new ArrayList<>();
  final List<Request> upstreamSaw = new ArrayList<>();

  Request request() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", "m");
    return new Request(Request.Endpoint.CHAT_COMPLETIONS, "m", false, body, Map.of());
  }

  Exchange exchange() {
    return new Exchange("req_1", CLOCK, 0);
  }

  Pipeline.Terminal upstream(Response answer) {
    return (request, exchange) -> {
      trace.add("upstream");
      upstreamSaw.add(request);
      return answer;
    };
  }

  Guard named(String name, Guard body) {
    return new Guard() {
      @Override
      public Response intercept(Chain chain) throws Exception {
        return body.intercept(chain);
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  Guard tracing(String name) {
    return named(name, chain -> {
      trace.add(name + ">");
      Response r = chain.proceed(chain.request());
      trace.add("<" + name);
      return r;
    });
  }

  @Test
  void guardsRunInTheirFixedOrderAroundTheUpstreamCall() {
    Response ok = new Response.Json(200, JsonNodeFactory.instance.objectNode());
    Pipeline p = new Pipeline(List.of(tracing("a"), tracing("b")), upstream(ok));

    assertThat(p.execute(request(), exchange())).isSameAs(ok);
    assertThat(trace).containsExactly("a>", "b>", "upstream", "<b", "<a");
    assertThat(p.guardNames()).containsExactly("a", "b");
  }

  @Test
  void aGuardCanChangeTheRequestTheNextOneSees() {
    Guard rewrite = chain -> {
      ObjectNode body = chain.request().body().deepCopy();
      body.put("added", true);
      return chain.proceed(chain.request().withBody(body));
    };
    Pipeline p = new Pipeline(List.of(rewrite),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));
    Request original = request();

    p.execute(original, exchange());

    assertThat(upstreamSaw.get(0).body().get("added").asBoolean()).isTrue();
    assertThat(original.body().has("added")).isFalse();
  }

  @Test
  void aRefusingGuardStopsTheRequestBeforeUpstream() {
    Guard refuse = chain -> Response.error(400, "invalid_request_error", "blocked", "No.", null);
    Pipeline p = new Pipeline(List.of(refuse, tracing("later")),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));

    Response r = p.execute(request(), exchange());

    assertThat(r.status()).isEqualTo(400);
    assertThat(trace).isEmpty();
  }

  @Test
  void aThrowingGuardFailsClosedWithInspectionFailedAndNothingGoesUpstream() {
    Guard broken = named("detector", chain -> {
      throw new IllegalStateException("secret sk-canary-42 could not be parsed");
    });
    Pipeline p = new Pipeline(List.of(broken),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));

    Response.Json r = (Response.Json) p.execute(request(), exchange());

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body().get("error").get("code").asText()).isEqualTo("veil_inspection_failed");
    assertThat(r.body().toString()).contains("detector").doesNotContain("sk-canary-42");
    assertThat(trace).isEmpty();
  }

  @Test
  void aGuardThatThrowsAfterALaterGuardRefusedStillFailsClosed() {
    Guard outer = named("outer", chain -> {
      chain.proceed(chain.request());
      throw new RuntimeException("boom");
    });
    Guard inner = chain -> Response.error(403, "permission_error", "x", "No.", null);
    Pipeline p = new Pipeline(List.of(outer, inner),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));

    assertThat(p.execute(request(), exchange()).status()).isEqualTo(500);
  }

  @Test
  void callingProceedTwiceFailsNamingTheGuard() {
    Guard twice = named("greedy", chain -> {
      chain.proceed(chain.request());
      return chain.proceed(chain.request());
    });
    Pipeline p = new Pipeline(List.of(twice),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));

    Response.Json r = (Response.Json) p.execute(request(), exchange());

    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body().toString()).contains("greedy");
    assertThat(trace).containsExactly("upstream");
  }

  @Test
  void aGuardReturningNullFailsClosed() {
    Pipeline p = new Pipeline(List.of(named("lazy", chain -> null)),
        upstream(new Response.Json(200, JsonNodeFactory.instance.objectNode())));

    assertThat(p.execute(request(), exchange()).status()).isEqualTo(500);
  }

  @Test
  void streamTransformersComposeInnermostFirst() throws Exception {
    Deque<SseEvent> events = new ArrayDeque<>(List.of(SseEvent.data("a"), SseEvent.data("b")));
    SseSource source = new SseSource() {
      @Override
      public SseEvent next() {
        return events.poll();
      }

      @Override
      public void close() {}
    };
    Guard outer = chain -> ((Response.Streaming) chain.proceed(chain.request()))
        .transform(e -> List.of(new SseEvent(null, e.data() + "-outer")));
    Guard inner = chain -> ((Response.Streaming) chain.proceed(chain.request()))
        .transform(new StreamTransformer() {
          private final StringBuilder held = new StringBuilder();

          @Override
          public List<SseEvent> onEvent(SseEvent e) {
            held.append(e.data());
            return List.of();
          }

          @Override
          public List<SseEvent> onEnd() {
            return List.of(SseEvent.data(held.toString()));
          }
        });
    Pipeline p = new Pipeline(List.of(outer, inner), upstream(Response.Streaming.of(source)));

    Response.Streaming s = (Response.Streaming) p.execute(request(), exchange());
    List<String> out = new ArrayList<>();
    SseEvent e;
    while ((e = s.source().next()) != null) {
      s.transformer().onEvent(e).forEach(x -> out.add(x.data()));
    }
    s.transformer().onEnd().forEach(x -> out.add(x.data()));

    assertThat(out).containsExactly("ab-outer");
  }

  @Test
  void anUpstreamStreamIsClosedWhenAGuardFailsOrReplacesIt() {
    boolean[] closed = new boolean[2];
    for (int i = 0; i < 2; i++) {
      int n = i;
      SseSource source = new SseSource() {
        @Override
        public SseEvent next() {
          return null;
        }

        @Override
        public void close() {
          closed[n] = true;
        }
      };
      Guard guard = n == 0
          ? chain -> {
            chain.proceed(chain.request());
            throw new IllegalStateException("fails after the stream started");
          }
          : chain -> {
            chain.proceed(chain.request());
            return Response.error(400, "invalid_request_error", "x", "Replaced.", null);
          };
      new Pipeline(List.of(guard), upstream(Response.Streaming.of(source)))
          .execute(request(), exchange());
    }
    assertThat(closed).containsExactly(true, true);
  }

  @Test
  void eachGuardThatRanReportsItsOwnTimeWithoutTheTimeAfterIt() {
    List<long[]> recorded = new ArrayList<>();
    Response ok = Response.Json.ofBytes(200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    // The upstream takes far longer than any guard: if a guard's time included it, the outer
    // guard's figure would be at least as long as the upstream's.
    Pipeline.Terminal slowUpstream = (request, exchange) -> {
      long until = System.nanoTime() + 50_000_000L;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return ok;
    };
    Pipeline p = new Pipeline(List.of(tracing("a"), tracing("b"),
        named("refuses", chain -> Response.error(403, "t", "c", "m", null)), tracing("never")),
        slowUpstream, (guard, nanos) -> recorded.add(new long[] {guard, nanos}));
    assertThat(p.execute(request(), exchange()).status()).isEqualTo(403);
    assertThat(recorded).extracting(r -> r[0]).containsExactly(2L, 1L, 0L);

    recorded.clear();
    Pipeline through = new Pipeline(List.of(tracing("a"), tracing("b")), slowUpstream,
        (guard, nanos) -> recorded.add(new long[] {guard, nanos}));
    assertThat(through.execute(request(), exchange()).status()).isEqualTo(200);
    assertThat(recorded).extracting(r -> r[0]).containsExactly(1L, 0L);
    assertThat(recorded).allSatisfy(r -> assertThat(r[1]).isBetween(0L, 49_000_000L));
  }
}
