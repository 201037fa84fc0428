package dev.veil.admin;

import dev.veil.audit.AuditAction;
import dev.veil.audit.AuditEvent;
import dev.veil.audit.AuditLog;
import dev.veil.audit.AuditOutcome;
import dev.veil.audit.FileSigningKeySource;
import dev.veil.auth.ApiKeyHasher;
import dev.veil.auth.ApiKeys;
import dev.veil.auth.admin.AdminAccounts;
import dev.veil.auth.admin.PasswordHasher;
import dev.veil.config.VeilConfig;
import dev.veil.consent.ConsentLedger;
import dev.veil.consent.ConsentState;
import dev.veil.consent.ConsentSubject;
import dev.veil.consent.Scrubber;
import dev.veil.consent.TrainingExporter;
import dev.veil.crypto.AssociatedData;
import dev.veil.crypto.DataKeys;
import dev.veil.crypto.KekRotation;
import dev.veil.crypto.KekVersion;
import dev.veil.crypto.Keks;
import dev.veil.crypto.KeyProvider;
import dev.veil.crypto.KeyedHash;
import dev.veil.crypto.SecretBox;
import dev.veil.crypto.SecretBytes;
import dev.veil.crypto.WrappedKey;
import dev.veil.detect.Detector;
import dev.veil.detect.Finding;
import dev.veil.retention.ContentVault;
import dev.veil.retention.RetentionRun;
import dev.veil.store.ApiKeyStore;
import dev.veil.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The operational services over one store, shared by {@code veil serve} and every command that
 * works on the same data directory and configuration: audit log, KEK and data keys, content vault,
 * retention, consent ledger, training export, admin accounts and API keys.
 *
 * <p>The KEK is opened on first use only, so commands that need no key (reading or verifying the
 * audit log, retention, which only deletes wrapped keys) work without a passphrase. Whatever works
 * on API keys needs it: their hashing secret is sealed under it, so that every node sharing the
 * store hashes alike.
 *
 * <p>Audit events built here carry identifiers and counts only, never content or detected values.
 */
public final class Operations {
  /** Keyed-hash key that indexes consent subjects (the same key every ledger instance uses). */
  public static final String CONSENT_INDEX = "consent-index";
  /** Sealed keyset that seals the TOTP secrets of admin users. */
  public static final String ADMIN_TOTP_BOX = "admin-totp";

  private final VeilConfig config;
  private final Database db;
  private final Clock clock;
  private final KeyProvider kek;
  private final AuditLog auditLog;
  private final DataKeys dataKeys;
  private final ContentVault vault;
  private volatile ConsentLedger ledger;
  private volatile SecretBox totpBox;
  private volatile ApiKeyHasher keyHasher;

  private Operations(VeilConfig config, Map<String, String> env, Database db, Clock clock) {
    this.config = config;
    this.db = db;
    this.clock = clock;
    this.kek = new LazyKek(() -> Keks.open(config, env));
    this.auditLog = new AuditLog(db.dataSource(), new FileSigningKeySource(config.dataDir()),
        clock);
    this.dataKeys = new DataKeys(db.dataSource(), kek, clock);
    this.vault = new ContentVault(db.dataSource(), dataKeys, clock);
  }

  /** The services over an open, migrated store. Opens no key until one is needed. */
  public static Operations open(VeilConfig config, Map<String, String> env, Database db,
      Clock clock) {
    return new Operations(config, env, db, clock);
  }

  /** The configuration these services were opened with. */
  public VeilConfig config() {
    return config;
  }

  /** The store (the caller owns and closes it). */
  public Database database() {
    return db;
  }

  /** The clock every service here uses. */
  public Clock clock() {
    return clock;
  }

  /** The tenant of this installation. */
  public String tenant() {
    return config.tenant();
  }

  /** The audit log (synchronous appends). */
  public AuditLog auditLog() {
    return auditLog;
  }

  /** The configured key-encryption key, opened on first use. */
  public KeyProvider kek() {
    return kek;
  }

  /** Data keys per tenant and retention period, unwrapped once and cached. */
  public DataKeys dataKeys() {
    return dataKeys;
  }

  /** Sealed stored content. */
  public ContentVault vault() {
    return vault;
  }

  /** The consent ledger; opening it the first time needs the KEK (its subject index key). */
  public ConsentLedger consent() {
    ConsentLedger l = ledger;
    if (l == null) {
      synchronized (this) {
        if (ledger == null) {
          ledger = new ConsentLedger(db.dataSource(),
              KeyedHash.loadOrCreate(db.dataSource(), kek, CONSENT_INDEX), clock);
        }
        l = ledger;
      }
    }
    return l;
  }

  /** One crypto-shredding pass over every ended retention period. */
  public RetentionRun retentionRun() {
    return new RetentionRun(dataKeys, vault, clock);
  }

  /** KEK rotation: new version, rewrap every data key and keyset. */
  public KekRotation kekRotation() {
    return new KekRotation(kek, dataKeys, db.dataSource());
  }

  /** The training exporter, scrubbing with {@code detector} ({@link #maskingScrubber}). */
  public TrainingExporter trainingExporter(Detector detector) {
    return new TrainingExporter(vault, consent(), maskingScrubber(detector));
  }

  /** API keys without a cache, so that changes made elsewhere are seen at once. */
  public ApiKeys apiKeys() throws java.io.IOException {
    return new ApiKeys(new ApiKeyStore(db), apiKeyHasher(), clock, Duration.ZERO);
  }

  /**
   * The hasher of API keys, whose secret is sealed in the store: the same on every node that
   * shares the store and the KEK. Opening it the first time needs the KEK.
   */
  public ApiKeyHasher apiKeyHasher() throws java.io.IOException {
    ApiKeyHasher h = keyHasher;
    if (h == null) {
      synchronized (this) {
        if (keyHasher == null) {
          keyHasher = ApiKeyHasher.open(db.dataSource(), kek, config.dataDir());
        }
        h = keyHasher;
      }
    }
    return h;
  }

  /**
   * Admin accounts whose audit events go to {@code audit}. Their TOTP secrets are sealed by the
   * box {@value #ADMIN_TOTP_BOX}, which opens the KEK the first time a secret is sealed or opened.
   */
  public AdminAccounts adminAccounts(Consumer<AuditEvent> audit) {
    return new AdminAccounts(db.dataSource(), PasswordHasher.DEFAULT, this::totpBox,
        config.tenant(), audit, clock, AdminAccounts.Settings.defaults());
  }

  private SecretBox totpBox() {
    SecretBox b = totpBox;
    if (b == null) {
      synchronized (this) {
        if (totpBox == null) {
          totpBox = SecretBox.loadOrCreate(db.dataSource(), kek, ADMIN_TOTP_BOX);
        }
        b = totpBox;
      }
    }
    return b;
  }

  /**
   * A scrubber that replaces every finding of {@code detector} with {@code [TYPE]}. A text the
   * detector cannot inspect makes it throw, so the exporter leaves that record out.
   */
  public static Scrubber maskingScrubber(Detector detector) {
    return text -> {
      List<Finding> findings = detector.scan(text);
      StringBuilder out = new StringBuilder(text.length());
      int at = 0;
      for (Finding f : findings) {
        if (f.start() < at) {
          throw new IllegalStateException("overlapping findings; refusing to export the text");
        }
        out.append(text, at, f.start()).append('[').append(f.type().name()).append(']');
        at = f.end();
      }
      return out.append(text, at, text.length()).toString();
    };
  }

  /** The audit event for a retention run: counts only. */
  public AuditEvent retentionEvent(String actor, String source, RetentionRun.Report r) {
    return event(actor, AuditAction.RETENTION_RUN, "retention", source)
        .with("keys_destroyed", Integer.toString(r.keysDestroyed()))
        .with("records_deleted", Integer.toString(r.recordsDeleted()))
        .with("orphans_deleted", Integer.toString(r.orphanRecordsDeleted()));
  }

  /** The audit event of a consent change; an end user appears only as its keyed hash. */
  public AuditEvent consentEvent(String actor, ConsentSubject subject, ConsentState decision,
      String source) {
    String target = subject.kind() == ConsentSubject.Kind.API_KEY ? "apikey:" + subject.id()
        : "enduser:" + consent().endUserHash(subject.tenant(), subject.id());
    return event(actor, AuditAction.CONSENT_CHANGED, target, source)
        .with("decision", decision.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** An event that happens now with outcome success. */
  public AuditEvent event(String actor, AuditAction action, String target, String source) {
    return new AuditEvent(clock.instant(), actor, action, target, source, AuditOutcome.SUCCESS,
        Map.of());
  }

  /** Opens the real provider on first use and then delegates to it. */
  private static final class LazyKek implements KeyProvider {
    private final java.util.function.Supplier<KeyProvider> opener;
    private volatile KeyProvider opened;

    LazyKek(java.util.function.Supplier<KeyProvider> opener) {
      this.opener = opener;
    }

    private KeyProvider get() {
      KeyProvider k = opened;
      if (k == null) {
        synchronized (this) {
          if (opened == null) {
            opened = opener.get();
          }
          k = opened;
        }
      }
      return k;
    }

    @Override
    public String name() {
      return get().name();
    }

    @Override
    public WrappedKey wrap(SecretBytes secret, AssociatedData context) {
      return get().wrap(secret, context);
    }

    @Override
    public SecretBytes unwrap(WrappedKey wrapped, AssociatedData context) {
      return get().unwrap(wrapped, context);
    }

    @Override
    public KekVersion rotate() {
      return get().rotate();
    }

    @Override
    public List<KekVersion> versions() {
      return get().versions();
    }

    @Override
    public void disable(String versionId) {
      get().disable(versionId);
    }

    @Override
    public String primaryVersion() {
      return get().primaryVersion();
    }
  }
}
