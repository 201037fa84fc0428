package dev.veil.api;

import dev.veil.admin.AdminApi;
import dev.veil.admin.AdminRoutes;
import dev.veil.admin.Operations;
import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditAppender;
import dev.veil.audit.AuditEvent;
import dev.veil.auth.ApiKeyGuard;
import dev.veil.auth.ApiKeys;
import dev.veil.auth.ModelScopeGuard;
import dev.veil.config.ConfigException;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.crypto.CryptoException;
import dev.veil.crypto.KeyProvider;
import dev.veil.crypto.KeyedHash;
import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.guard.Guard;
import dev.veil.guard.Pipeline;
import dev.veil.limits.BudgetGuard;
import dev.veil.limits.Counters;
import dev.veil.limits.LimitsConfig;
import dev.veil.limits.LocalCounters;
import dev.veil.limits.RateLimitGuard;
import dev.veil.limits.RedisCounters;
import dev.veil.limits.StreamUsageGuard;
import dev.veil.limits.TokenCounter;
import dev.veil.policy.Policies;
import dev.veil.policy.PolicyConfigException;
import dev.veil.protect.ProtectGuard;
import dev.veil.protect.ReceiptGuard;
import dev.veil.protect.RequestProtector;
import dev.veil.protect.RequestValidator;
import dev.veil.protect.ResponseRestorer;
import dev.veil.provider.RouteGuard;
import dev.veil.provider.UpstreamHttp;
import dev.veil.provider.Upstreams;
import dev.veil.records.RecordGuard;
import dev.veil.records.RequestRecorder;
import dev.veil.retention.DurableWriteQueue;
import dev.veil.retention.RetentionScheduler;
import dev.veil.store.ApiKeyStore;
import dev.veil.store.Database;
import dev.veil.store.MetadataWriter;
import dev.veil.tls.LocalCa;
import dev.veil.tls.TlsMaterial;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway, assembled in one place: read this class top to bottom to see every part and,
 * in {@link #guards}, the order of the guards.
 *
 * <p>Start-up: store (migrated), audit log with its appender and tree-head schedule, retention
 * scheduler, API-key hasher and cache, metadata writer, TLS identity, providers, the guard
 * pipeline, then the API and admin listeners. {@link #close()} stops them in reverse order and
 * drains the metadata and audit queues.
 *
 * <p>Time: every part reads the one {@link Clock} given to {@link #start(VeilConfig, Map,
 * PrintStream, Clock)}, so a test can move time (key expiry, retention periods, caches) instead of
 * sleeping.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final int METADATA_QUEUE = 10_000;
  private static final int AUDIT_QUEUE = 10_000;
  private static final int AUDIT_BATCH = 256;
  private static final Duration AUDIT_DRAIN = Duration.ofSeconds(10);

  private final Database db;
  private final ApiKeys keys;
  private final MetadataWriter metadata;
  private final Listener api;
  private final Listener admin;
  private final TlsMaterial tls;
  private final List<AutoCloseable> guardResources;
  private final Operations ops;
  private final AuditAppender audit;
  private final ScheduledExecutorService background;
  private final RetentionScheduler retention;

  private Gateway(Database db, ApiKeys keys, MetadataWriter metadata, Listener api,
      Listener admin, TlsMaterial tls, List<AutoCloseable> guardResources, Operations ops,
      AuditAppender audit, ScheduledExecutorService background, RetentionScheduler retention) {
    this.db = db;
    this.ops = ops;
    this.audit = audit;
    this.background = background;
    this.retention = retention;
    this.keys = keys;
    this.metadata = metadata;
    this.api = api;
    this.admin = admin;
    this.tls = tls;
    this.guardResources = guardResources;
  }

  /**
   * Starts a gateway.
   *
   * @param out where start-up facts for the operator go (CA path and fingerprint, first key)
   */
  public static Gateway start(VeilConfig config, Map<String, String> env, PrintStream out)
      throws IOException {
    return start(config, env, out, Clock.systemUTC());
  }

  /** Starts a gateway on {@code clock}. */
  public static Gateway start(VeilConfig config, Map<String, String> env, PrintStream out,
      Clock clock) throws IOException {
    return start(config, env, out, clock, null);
  }

  /**
   * Starts a gateway whose protection guards are {@code protection} instead of the configured
   * ones, unless null; for tests. The guards before them (authentication to receipt) stay.
   */
  static Gateway start(VeilConfig config, Map<String, String> env, PrintStream out, Clock clock,
      List<Guard> protection) throws IOException {
    Database db = openDatabase(config, env);
    List<AutoCloseable> opened = new ArrayList<>(List.of(db));
    try {
      Operations ops = Operations.open(config, env, db, clock);
      sharesKeysWithTheStore(config, ops);
      AuditAppender audit = new AuditAppender(ops.auditLog(), AUDIT_QUEUE, AUDIT_BATCH);
      opened.add(() -> audit.close(AUDIT_DRAIN));
      ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "veil-background");
        t.setDaemon(true);
        return t;
      });
      opened.add(background::shutdownNow);
      ops.auditLog().scheduleTreeHeads(background,
          interval(config, "audit", "tree_head_interval", "1m"));
      RetentionScheduler retention = new RetentionScheduler(ops.retentionRun(), background,
          interval(config, "retention", "interval", "1m"), r -> {
            if (r.keysDestroyed() > 0 || r.recordsDeleted() > 0 || r.orphanRecordsDeleted() > 0) {
              audit.append(ops.retentionEvent("system", "", r));
            }
          });
      opened.add(retention);
      retention.start();

      Policies loaded = config.guardsEnabled() ? policies(config) : null;
      ApiKeys keys = new ApiKeys(new ApiKeyStore(db), ops.apiKeyHasher(), clock,
          ApiKeys.SHARED_CACHE_TTL, policy -> loaded == null || loaded.contains(policy));
      if (keys.usableCount() == 0) {
        ApiKeys.Created first = keys.create("default", List.of(), null);
        AuditEvent made = ops.event("system", AuditAction.API_KEY_CREATED,
            "apikey:" + first.record().id(), "");
        ops.auditLog().append(made.with("name", first.record().name()));
        out.println("veil: no API key existed, so one was made (shown only now): " + first.key());
      }
      auditConfiguration(config, ops);
      MetadataWriter metadata = new MetadataWriter(db, METADATA_QUEUE);
      opened.add(metadata);

      TlsMaterial tls = tls(config, out, clock);
      UpstreamHttp http = UpstreamHttp.create(config.timeouts().connect());
      opened.add(http);
      Upstreams upstreams = Upstreams.create(config, env, http);
      LimitsConfig limits = LimitsConfig.of(config);
      Counters counters = counters(config.source(), limits, env, clock);
      List<AutoCloseable> guardResources = new ArrayList<>();
      if (counters != null) {
        opened.add(counters);
        guardResources.add(counters);
        ops.auditLog().append(ops.event("system", AuditAction.LIMITS_CONFIGURED, "limits", "")
            .with("counters", counters.describe())
            .with("on_failure", limits.failOpen() ? "open" : "closed")
            .with("rate_limits", Boolean.toString(limits.rateLimited()))
            .with("budgets", Boolean.toString(limits.budgeted())));
      }
      List<Guard> chain = guards(config, keys, upstreams, ops, db, protection, limits, counters,
          audit);
      for (Guard g : chain) {
        if (g instanceof AutoCloseable resource) {
          guardResources.add(resource);
          opened.add(resource);
        }
      }
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(meters);
      new JvmThreadMetrics().bindTo(meters);
      meters.gauge("veil.metadata.dropped", metadata, MetadataWriter::dropped);
      Gauge.builder("veil.queue.depth", metadata, MetadataWriter::backlog)
          .description("Items waiting in a background queue").tag("queue", "metadata")
          .register(meters);
      Gauge.builder("veil.queue.depth", audit, AuditAppender::backlog)
          .description("Items waiting in a background queue").tag("queue", "audit")
          .register(meters);
      Pipeline pipeline = new Pipeline(chain, upstreams, guardTiming(chain, meters));

      Passthrough passthrough = new Passthrough(config,
          upstreams.provider(config.passthrough().provider()), keys, audit::append, clock);
      ApiHandlers handlers = new ApiHandlers(keys, config, pipeline, upstreams,
          new RequestRecorder(metadata, config.durableRequestRecords()), meters, clock,
          limits.endUserHeader(), passthrough, new StoredResponses(passthrough, keys, loaded,
              upstreams, clock, config.timeouts().firstByte()));
      TlsMaterial apiTls = config.server().plainHttp() ? null : tls;
      if (apiTls == null) {
        LOG.warn("the API listener on {} uses PLAIN HTTP: API keys and prompts cross the network"
            + " unencrypted. Remove server.plain_http to use TLS.", config.server().listen());
      }
      Listener api = Listener.startHandler(config.server().listen(), apiTls,
          config.timeouts().client(), config.limits().maxConnectionsPerClient(),
          config.timeouts().shutdownGrace(), handlers);
      opened.add(api);
      AdminApi adminApi = new AdminApi(ops, keys, audit, AdminApi.sso(config, env, clock));
      Listener admin = Listener.start(config.adminListen(), tls, Duration.ofSeconds(30),
          c -> {
            AdminRoutes.install(c, readiness(db, ops.kek(), counters, limits, clock), meters);
            AdminApi.install(c, adminApi);
          });
      LOG.info("veil: API on {}://{}:{}, admin on https://{}:{}, guards: {}",
          apiTls == null ? "http" : "https", config.server().listen().host(), api.port(),
          config.adminListen().host(), admin.port(),
          config.guardsEnabled() ? pipeline.guardNames() : "disabled (guards.enabled: false)");
      return new Gateway(db, keys, metadata, api, admin, tls, guardResources, ops, audit,
          background, retention);
    } catch (IOException | RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * Refuses to start a node whose keys differ from those of the nodes that share its store: with
   * another KEK it could open nothing stored (API keys, pseudonym keys, content), with another
   * audit signing key its tree heads would not verify. Opening the API-key hasher here also makes
   * (or adopts) the shared secrets before the first request needs them.
   */
  private static void sharesKeysWithTheStore(VeilConfig config, Operations ops)
      throws IOException {
    try {
      ops.apiKeyHasher();
    } catch (CryptoException e) {
      throw new ConfigException(config.source(), "kek", "this node's key-encryption key cannot"
          + " open the keys stored in the database (" + e.getMessage() + ")", "every node that"
          + " shares a database needs the same KEK: the same HSM, or the local keyset file "
          + dev.veil.crypto.LocalKeyProvider.FILE_NAME + " copied from the node that first used"
          + " the database, with the same passphrase");
    }
    ops.auditLog().signingKeyMismatch().ifPresent(problem -> {
      throw new ConfigException(config.source(), "data_dir", problem,
          "stop this node, copy the file, start it again");
    });
  }

  /**
   * The guards, in the order every request meets them on its way upstream (and, in reverse, its
   * answer on the way back); each part of Veil adds its guard here and nowhere else. What one guard
   * tells a later one travels as a typed key on the exchange, kept by the guard that sets it.
   *
   * <ol>
   *   <li>authenticate: the API key's {@link dev.veil.auth.Principal} (401)
   *   <li>body limits: JSON only, uncompressed, within size, depth and string limits (415, 413,
   *       408, 400)
   *   <li>validate: the types of the fields Veil acts on; model and stream flag (400)
   *   <li>route: the model's provider, once for all ({@link RouteGuard#ROUTE}) (404)
   *   <li>model scope: the key may use the model (403)
   *   <li>stream usage: a streamed answer reports its usage to the two guards below, and the
   *       client gets that chunk only when it asked for it
   *   <li>rate limit: requests and tokens per minute per key, team, end user and model (429
   *       {@code rate_limit_exceeded}; 503 {@code veil_limits_unavailable})
   *   <li>budget: tokens and spend per day and month per key and team (429 {@code
   *       veil_budget_exceeded}); the request's spend for its record
   *   <li>receipt: on the way back, {@code X-Veil-Receipt} with what the guards below did
   *   <li>consent and recording ({@link RecordGuard}): sees the client's request and, last on the
   *       way back, the restored answer, and keeps what the policy says (503 when it cannot)
   *   <li>detect and protect ({@link ProtectGuard}), within the inspection limits (413 {@code
   *       veil_inspection_too_large}, 429 {@code veil_too_many_inspections}); on the way back
   *       restore pseudonyms and scan the output (400 {@code veil_policy_violation})
   *   <li>the record guard's tap next to the provider: sees what leaves and the raw answer
   * </ol>
   *
   * <p>Then {@link Upstreams#call} sends the request to the route's provider. The limit guards
   * are left out when nothing is limited or priced; they count in {@code counters}. With
   * {@code guards.enabled: false} the guards
   * from recording on are left out (benchmarks of the bare proxy); {@code protection}, unless
   * null, takes their place (tests). Guards that are {@link AutoCloseable} are closed after the
   * API listener stops.
   */
  static List<Guard> guards(VeilConfig config, ApiKeys keys, Upstreams upstreams, Operations ops,
      Database db, List<Guard> protection, LimitsConfig limits, Counters counters,
      AuditAppender audit) {
    List<Guard> guards = new ArrayList<>(List.of(
        new ApiKeyGuard(keys),
        new BodyGuard(config.limits()),
        new RequestValidator(),
        new RouteGuard(upstreams),
        new ModelScopeGuard()));
    if (counters != null) {
      TokenCounter tokens = new TokenCounter();
      guards.add(new StreamUsageGuard());
      if (limits.rateLimited()) {
        guards.add(new RateLimitGuard(limits, counters, tokens,
            endUserHash(limits, db, ops), config.tenant()));
      }
      guards.add(new BudgetGuard(limits, counters, tokens,
          (scope, id, budget, percent, used, limit) -> audit.append(ops.event("system",
              percent >= 100 ? AuditAction.BUDGET_EXHAUSTED : AuditAction.BUDGET_WARNING,
              scope + ":" + id, "").with("budget", budget).with("percent",
              Integer.toString(percent)).with("used", Long.toString(used))
              .with("limit", Long.toString(limit))), config.tenant()));
    }
    guards.add(new ReceiptGuard());
    if (protection != null) {
      guards.addAll(protection);
    } else if (config.guardsEnabled()) {
      Policies policies = policies(config);
      Detector detector = Detectors.standard();
      KeyedHash surrogateKey = KeyedHash.loadOrCreate(db.dataSource(), ops.kek(), "pseudonyms");
      ProtectGuard protect = new ProtectGuard(new RequestProtector(detector, surrogateKey::mac,
          config.limits().maxInspectedChars()), new ResponseRestorer(detector), policies,
          config.tenant(), config.limits().maxConcurrentInspectionsPerKey(),
          config.limits().inspectionWait());
      RecordGuard records = new RecordGuard(policies, config.tenant(), ops.consent(), ops.vault(),
          new DurableWriteQueue(ops.vault(), CONTENT_QUEUE, CONTENT_BATCH, CONTENT_PROBE),
          CONTENT_ACK_TIMEOUT);
      guards.add(records);
      guards.add(protect);
      guards.add(records.upstreamTap());
    }
    return guards;
  }

  /**
   * A latency histogram per guard ({@code veil_guard_seconds{guard="..."}}): each guard's own
   * time on the request path, tagged with its name only.
   */
  private static Pipeline.Timing guardTiming(List<Guard> chain, MeterRegistry meters) {
    Timer[] timers = chain.stream().map(g -> Timer.builder("veil.guard")
        .description("Time in each guard on the request path, without the guards after it and"
            + " the upstream call")
        .tag("guard", g.name()).publishPercentileHistogram().register(meters))
        .toArray(Timer[]::new);
    return (guard, nanos) -> timers[guard].record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * What {@code /readyz} checks: the store, the KEK (a wrap and unwrap round trip, at most every
   * 5 s: with a KMS each is a call), and the counters when limits fail closed (when they fail
   * open, requests pass without them).
   */
  private static Map<String, BooleanSupplier> readiness(Database db, KeyProvider kek,
      Counters counters, LimitsConfig limits, Clock clock) {
    Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    checks.put("store", db::isReachable);
    checks.put("kek", new BooleanSupplier() {
      private long checkedAt = Long.MIN_VALUE;
      private boolean works;

      @Override
      public synchronized boolean getAsBoolean() {
        long now = clock.millis();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt >= 5_000) {
          works = kek.works();
          checkedAt = now;
        }
        return works;
      }
    });
    if (counters != null && !limits.failOpen()) {
      checks.put("counters", counters::reachable);
    }
    return checks;
  }

  /**
   * The counters of the limit guards: in Redis when {@code redis.url} is set, else in this
   * process; {@code null} when nothing is limited or priced.
   */
  private static Counters counters(String source, LimitsConfig limits, Map<String, String> env,
      Clock clock) {
    if (!limits.rateLimited() && !limits.budgeted() && limits.prices().isEmpty()) {
      return null;
    }
    LimitsConfig.Redis r = limits.redis();
    if (r == null) {
      return new LocalCounters(clock);
    }
    String password = r.passwordEnv() == null ? null : env.get(r.passwordEnv());
    if (r.passwordEnv() != null && password == null) {
      throw new ConfigException(source, "redis.password_env", "names the variable "
          + r.passwordEnv() + ", which is not set", "set it, or remove redis.password_env");
    }
    return new RedisCounters(r.uri(), password == null ? null : password.toCharArray(),
        r.timeout());
  }

  /** End users are counted under a keyed hash of their id; the key is made only when needed. */
  private static java.util.function.UnaryOperator<String> endUserHash(LimitsConfig limits,
      Database db, Operations ops) {
    if (!limits.endUser().limits()) {
      return id -> {
        throw new IllegalStateException("no end user limit is configured");
      };
    }
    KeyedHash hash = KeyedHash.loadOrCreate(db.dataSource(), ops.kek(), "rate-limit-end-users");
    return id -> hash.hex(id.getBytes(StandardCharsets.UTF_8), 16);
  }

  private static final int CONTENT_QUEUE = 1_000;
  private static final int CONTENT_BATCH = 64;
  private static final Duration CONTENT_PROBE = Duration.ofMillis(500);
  private static final Duration CONTENT_ACK_TIMEOUT = Duration.ofSeconds(5);


  /**
   * Records a {@code config.changed} audit event when the configuration differs from the one this
   * data directory last started with, and {@code policy.changed} when its policies do. Events
   * carry SHA-256 digests, never values (the configuration holds no secrets, only references).
   */
  private static void auditConfiguration(VeilConfig config, Operations ops) throws IOException {
    Path seen = config.dataDir().resolve("last-config.sha256");
    String configHash = sha256(config.raw().toString());
    String policyHash = sha256(String.valueOf(config.raw().get("policies")));
    Map<String, String> last = new java.util.HashMap<>();
    if (Files.exists(seen)) {
      for (String line : Files.readAllLines(seen, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          last.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    if (!configHash.equals(last.get("config"))) {
      ops.auditLog().append(ops.event("system", AuditAction.CONFIG_CHANGED, "config", "")
          .with("sha256", configHash).with("previous", last.getOrDefault("config", "none")));
    }
    if (!policyHash.equals(last.get("policies"))) {
      ops.auditLog().append(ops.event("system", AuditAction.POLICY_CHANGED, "policies", "")
          .with("sha256", policyHash).with("previous", last.getOrDefault("policies", "none")));
    }
    dev.veil.config.DataDirectory.ensure(config.dataDir());
    Files.writeString(seen, "config=" + configHash + "\npolicies=" + policyHash + "\n",
        StandardCharsets.UTF_8);
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The policies of {@code config}.
   *
   * @throws ConfigException naming the key and the fix when the section is invalid
   */
  public static Policies policies(VeilConfig config) {
    try {
      return Policies.parse(config.raw().get("policies"));
    } catch (PolicyConfigException e) {
      throw new ConfigException(config.source(), e.key(), e.getMessage(),
          "see docs/policies.md for the shape of the policies section");
    }
  }

  /** Opens the configured store: PostgreSQL if a URL is set, else SQLite in the data dir. */
  public static Database openDatabase(VeilConfig config, Map<String, String> env) {
    VeilConfig.Database d = config.database();
    if (d.url() == null) {
      return Database.openSqlite(config.dataDir());
    }
    String password = d.passwordEnv() == null ? null : env.get(d.passwordEnv());
    return Database.openPostgres(d.url(), d.user(), password, null);
  }

  private static Duration interval(VeilConfig config, String section, String key,
      String fallback) {
    String text = config.raw().path(section).path(key).asText(fallback);
    try {
      Duration d = ConfigLoader.parseDuration(text);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("not positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.source(), section + "." + key,
          "'" + text + "' is not a positive duration", "use e.g. 30s, 5m, 1h");
    }
  }

  private static TlsMaterial tls(VeilConfig config, PrintStream out, Clock clock)
      throws IOException {
    VeilConfig.Server s = config.server();
    if (s.certFile() != null) {
      return LocalCa.fromPem(s.certFile(), s.keyFile());
    }
    TlsMaterial tls = LocalCa.ensure(config.dataDir().resolve("tls"), clock);
    out.println("veil: local CA " + tls.caFile().toAbsolutePath().normalize() + " (SHA-256 "
        + tls.caFingerprint() + "); clients trust it with e.g. curl --cacert "
        + tls.caFile());
    return tls;
  }

  /** The bound API port. */
  public int apiPort() {
    return api.port();
  }

  /** The bound admin port. */
  public int adminPort() {
    return admin.port();
  }

  /** The API keys of this gateway (shares its cache, so revocations apply at once). */
  public ApiKeys keys() {
    return keys;
  }

  /** The metadata writer (tests flush it before reading records). */
  public MetadataWriter metadata() {
    return metadata;
  }

  /** The store. */
  public Database database() {
    return db;
  }

  /** The TLS identity of the listeners. */
  public TlsMaterial tls() {
    return tls;
  }

  /** The operational services (audit log, keys, retention, consent) over this store. */
  public Operations operations() {
    return ops;
  }

  /** The asynchronous audit appender; events reach the log shortly after they are accepted. */
  public AuditAppender audit() {
    return audit;
  }

  @Override
  public void close() {
    api.close();
    admin.close();
    for (AutoCloseable resource : guardResources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("closing a guard failed: {}", e.getClass().getName());
      }
    }
    metadata.close();
    retention.close();
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audit.close(AUDIT_DRAIN);
    try {
      ops.auditLog().issueTreeHeadIfGrown();
    } catch (RuntimeException e) {
      LOG.warn("could not sign a final audit tree head ({})", e.getClass().getSimpleName());
    }
    db.close();
  }
}
