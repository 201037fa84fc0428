package dev.veil.detect.eval;

import static dev.veil.detect.eval.Gen.B62;
import static dev.veil.detect.eval.Gen.B64;
import static dev.veil.detect.eval.Gen.DIGITS;
import static dev.veil.detect.eval.Gen.HEX;
import static dev.veil.detect.eval.Gen.LOWER;
import static dev.veil.detect.eval.Gen.UPPER;
import static dev.veil.detect.eval.Gen.URLSAFE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The generated credential evaluation set: every supported format in several surroundings (a
 * chat question, an env file, JSON, YAML, code, a shell command), and hard negatives that must not
 * be reported: documentation placeholders, template variables, UUIDs, hashes,
 * git SHAs, base64 blobs, public keys, look-alike words and code expressions.
 */
final class SecretEvalSet {

  static final String LABEL = "SECRET";

  private SecretEvalSet() {}

  static List<Sample> generate(long seed) {
    Gen g = new Gen(seed);
    List<Sample> out = new ArrayList<>();
    Map<String, Supplier<String>> tokens = tokens(g);
    List<String> bare = List.of(
        "Why does the API reject my key {}? It worked yesterday.",
        "export SERVICE_CREDENTIAL={}",
        "{\"name\": \"deploy\", \"credential\": \"{}\"}",
        "config:\n  upstream:\n    credential: {}\n",
        "const client = new Client('{}');",
        "I pasted {} into the settings page but nothing happens.",
        "curl -s -H \"X-Auth: {}\" https://api.internal.test/v1/items");
    for (Map.Entry<String, Supplier<String>> e : tokens.entrySet()) {
      for (int k = 0; k < 3; k++) {
        out.add(Gen.fill(g.pick(bare), LABEL, e.getValue().get()));
      }
    }
    structured(g, out);
    hashesAndKeyFiles(g, out);
    negatives(g, out);
    return out;
  }

  private static Map<String, Supplier<String>> tokens(Gen g) {
    Map<String, Supplier<String>> t = new LinkedHashMap<>();
    t.put("aws_access_key_id", () -> g.pick(List.of("AKIA", "ASIA")) + g.rnd(UPPER + "234567", 16));
    t.put("gcp_api_key", () -> "AIza" + g.rnd(URLSAFE, 35));
    t.put("gcp_oauth_client_secret", () -> "GOCSPX-" + g.rnd(URLSAFE, 28));
    t.put("google_oauth_access_token", () -> "ya29." + g.rnd(URLSAFE, g.between(60, 160)));
    t.put("digitalocean_pat", () -> "dop_v1_" + g.rnd(HEX, 64));
    t.put("heroku_api_key", () -> "HRKU-AA" + g.rnd(URLSAFE, 58));
    t.put("alibaba_access_key_id", () -> "LTAI" + g.rnd(B62, 20));
    t.put("tencent_secret_id", () -> "AKID" + g.rnd(B62, 32));
    t.put("flyio_token", () -> "fo1_" + g.rnd(URLSAFE, 43));
    t.put("supabase_token", () -> "sbp_" + g.rnd(HEX, 40));
    t.put("netlify_token", () -> "nfp_" + g.rnd(B62, 36));
    t.put("planetscale_token", () -> "pscale_tkn_" + g.rnd(URLSAFE, 43));
    t.put("pulumi_token", () -> "pul-" + g.rnd(HEX, 40));
    t.put("databricks_token", () -> "dapi" + g.rnd(HEX, 32));
    t.put("github_pat", () -> g.crcToken("ghp_"));
    t.put("github_oauth_token", () -> g.crcToken("gho_"));
    t.put("github_user_token", () -> g.crcToken("ghu_"));
    t.put("github_app_token", () -> g.crcToken("ghs_"));
    t.put("github_refresh_token", () -> g.crcToken("ghr_"));
    t.put("github_fine_grained_pat", () -> "github_pat_" + g.rnd(B62, 22) + "_" + g.rnd(B62, 59));
    t.put("gitlab_pat", () -> "glpat-" + g.rnd(URLSAFE, 20));
    t.put("gitlab_deploy_token", () -> "gldt-" + g.rnd(URLSAFE, 20));
    t.put("gitlab_runner_token", () -> "glrt-" + g.rnd(URLSAFE, 20));
    t.put("gitlab_pipeline_trigger_token", () -> "glptt-" + g.rnd(HEX, 40));
    t.put("bitbucket_app_password", () -> "ATBB" + g.rnd(B62, 32));
    t.put("atlassian_api_token", () -> "ATATT3xFfGF0" + g.rnd(URLSAFE, 170) + "=" + g.rnd(HEX, 8));
    t.put("slack_bot_token", () -> "xoxb-" + g.digits(12) + "-" + g.digits(13) + "-"
        + g.rnd(B62, 24));
    t.put("slack_user_token", () -> "xoxp-" + g.digits(12) + "-" + g.digits(12) + "-"
        + g.digits(13) + "-" + g.rnd(HEX, 32));
    t.put("slack_app_token", () -> "xapp-1-A" + g.rnd(UPPER + DIGITS, 10) + "-" + g.digits(13)
        + "-" + g.rnd(HEX, 64));
    t.put("slack_webhook", () -> "https://hooks.slack.com/services/T" + g.rnd(UPPER + DIGITS, 8)
        + "/B" + g.rnd(UPPER + DIGITS, 10) + "/" + g.rnd(B62, 24));
    t.put("discord_bot_token", () -> g.base64Url(String.valueOf(100000000000000000L
        + (long) (g.random.nextDouble() * 8e17))) + "." + g.rnd(URLSAFE, 6) + "."
        + g.rnd(URLSAFE, 38));
    t.put("discord_webhook", () -> "https://discord.com/api/webhooks/" + g.digits(18) + "/"
        + g.rnd(URLSAFE, 68));
    t.put("telegram_bot_token", () -> "1" + g.digits(9) + ":AA" + g.rnd(URLSAFE, 33));
    t.put("teams_webhook", () -> "https://contoso.webhook.office.com/webhookb2/" + g.uuid() + "@"
        + g.uuid() + "/IncomingWebhook/" + g.rnd(HEX, 32) + "/" + g.uuid());
    t.put("stripe_secret_key", () -> "sk_live_" + g.rnd(B62, g.pick(List.of(24, 99))));
    t.put("stripe_restricted_key", () -> "rk_live_" + g.rnd(B62, 99));
    t.put("stripe_webhook_secret", () -> "whsec_" + g.rnd(B62, 32));
    t.put("square_access_token", () -> "sq0atp-" + g.rnd(URLSAFE, 22));
    t.put("square_oauth_secret", () -> "sq0csp-" + g.rnd(URLSAFE, 43));
    t.put("braintree_access_token", () -> "access_token$production$" + g.rnd(LOWER + DIGITS, 16)
        + "$" + g.rnd(HEX, 32));
    t.put("shopify_access_token", () -> "shpat_" + g.rnd(HEX, 32));
    t.put("shopify_shared_secret", () -> "shpss_" + g.rnd(HEX, 32));
    t.put("openai_project_key", () -> "sk-proj-" + g.rnd(URLSAFE, 156));
    t.put("openai_api_key", () -> "sk-" + g.rnd(B62, 20) + "T3BlbkFJ" + g.rnd(B62, 20));
    t.put("anthropic_api_key", () -> "sk-ant-api03-" + g.rnd(URLSAFE, 93) + "AA");
    t.put("openrouter_api_key", () -> "sk-or-v1-" + g.rnd(HEX, 64));
    t.put("huggingface_token", () -> "hf_" + g.rnd(UPPER + LOWER, 34));
    t.put("groq_api_key", () -> "gsk_" + g.rnd(B62, 52));
    t.put("replicate_api_token", () -> "r8_" + g.rnd(B62, 37));
    t.put("perplexity_api_key", () -> "pplx-" + g.rnd(B62, 48));
    t.put("xai_api_key", () -> "xai-" + g.rnd(B62, 80));
    t.put("langsmith_api_key", () -> "lsv2_pt_" + g.rnd(HEX, 32) + "_" + g.rnd(HEX, 10));
    t.put("sendgrid_api_key", () -> "SG." + g.rnd(URLSAFE, 22) + "." + g.rnd(URLSAFE, 43));
    t.put("twilio_api_key", () -> "SK" + g.rnd(HEX, 32));
    t.put("mailgun_api_key", () -> "key-" + g.rnd(HEX, 32));
    t.put("mailchimp_api_key", () -> g.rnd(HEX, 32) + "-us" + g.between(1, 21));
    t.put("npm_token", () -> g.crcToken("npm_"));
    t.put("pypi_token", () -> "pypi-AgEIcHlwaS5vcmc" + g.rnd(URLSAFE, 140));
    t.put("dockerhub_pat", () -> "dckr_pat_" + g.rnd(URLSAFE, 27));
    t.put("nuget_api_key", () -> "oy2" + g.rnd(LOWER + DIGITS, 43));
    t.put("newrelic_user_api_key", () -> "NRAK-" + g.rnd(UPPER + DIGITS, 27));
    t.put("sentry_user_token", () -> "sntryu_" + g.rnd(HEX, 64));
    t.put("doppler_token", () -> "dp.pt." + g.rnd(B62, 43));
    t.put("vault_service_token", () -> "hvs." + g.rnd(URLSAFE, 91));
    t.put("terraform_cloud_token", () -> g.rnd(B62, 14) + ".atlasv1." + g.rnd(URLSAFE, 67));
    t.put("linear_api_key", () -> "lin_api_" + g.rnd(B62, 40));
    t.put("notion_token", () -> "ntn_" + g.rnd(B62, 46));
    t.put("airtable_pat", () -> "pat" + g.rnd(B62, 14) + "." + g.rnd(HEX, 64));
    t.put("postman_api_key", () -> "PMAK-" + g.rnd(HEX, 24) + "-" + g.rnd(HEX, 34));
    t.put("grafana_service_account_token", () -> "glsa_" + g.rnd(B62, 32) + "_" + g.rnd(HEX, 8));
    t.put("age_secret_key", () -> "AGE-SECRET-KEY-1" + g.rnd("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
        58));
    t.put("azure_ad_client_secret", () -> g.rnd(B62, 3) + g.digits(1) + "Q~" + g.rnd(URLSAFE, 34));
    t.put("dropbox_token", () -> "sl." + g.rnd(URLSAFE, 140));
    t.put("figma_pat", () -> "figd_" + g.rnd(URLSAFE, 40));
    t.put("anthropic_admin_key", () -> "sk-ant-admin01-" + g.rnd(URLSAFE, 93) + "AA");
    t.put("aws_bedrock_api_key", () -> "ABSK" + g.rnd(B64, 132));
    t.put("dynatrace_api_token", () -> "dt0c01." + g.rnd(UPPER + DIGITS, 24) + "."
        + g.rnd(UPPER + DIGITS, 64));
    t.put("sendinblue_api_key", () -> "xkeysib-" + g.rnd(HEX, 64) + "-" + g.rnd(B62, 16));
    t.put("openshift_user_token", () -> "sha256~" + g.rnd(URLSAFE, 43));
    t.put("sonarqube_user_token", () -> "squ_" + g.rnd(HEX, 40));
    t.put("circleci_personal_token", () -> "CCIPAT_" + g.rnd(B62, 22) + "_" + g.rnd(HEX, 40));
    t.put("neon_api_key", () -> "napi_" + g.rnd(LOWER + DIGITS, 64));
    t.put("tailscale_auth_key", () -> "tskey-auth-k" + g.rnd(B62, 11) + "CNTRL-"
        + g.rnd(B62, 33));
    t.put("hubspot_private_app_token", () -> "pat-na1-" + g.uuid());
    t.put("plaid_access_token", () -> "access-production-" + g.uuid());
    t.put("onepassword_secret_key", () -> "A3-" + g.rnd(UPPER + DIGITS, 6) + "-"
        + g.rnd(UPPER + DIGITS, 11) + "-" + g.rnd(UPPER + DIGITS, 5) + "-"
        + g.rnd(UPPER + DIGITS, 5) + "-" + g.rnd(UPPER + DIGITS, 5));
    t.put("cloudflare_origin_ca_key", () -> "v1.0-" + g.rnd(HEX, 24) + "-" + g.rnd(HEX, 146));
    t.put("resend_api_key", () -> "re_" + g.rnd(B62, 8) + "_" + g.rnd(B62, 24));
    t.put("nvidia_api_key", () -> "nvapi-" + g.rnd(URLSAFE, 64));
    t.put("tavily_api_key", () -> "tvly-" + g.rnd(B62, 32));
    t.put("sourcegraph_access_token", () -> "sgp_" + g.rnd(HEX, 16) + "_" + g.rnd(HEX, 40));
    t.put("jwt", () -> g.base64Url("{\"alg\":\"" + g.pick(List.of("HS256", "RS256", "ES256"))
        + "\",\"typ\":\"JWT\"}") + "." + g.base64Url("{\"sub\":\"" + g.digits(10)
        + "\",\"iat\":" + g.digits(10) + "}") + "." + g.rnd(URLSAFE, 43));
    return t;
  }

  /** Formats whose secret sits inside a larger structure: only the secret part is labelled. */
  private static void structured(Gen g, List<Sample> out) {
    for (int k = 0; k < 4; k++) {
      String pw = g.rnd(B62, 10) + g.pick(List.of("!", "#", "%", "")) + g.digits(2);
      String host = g.pick(List.of("db.internal", "10.0.3.7", "pg.prod.example.net"));
      out.add(new Gen.Text().add("DATABASE_URL=postgres://app:").add(LABEL, pw).add("@" + host
          + ":5432/orders").sample());
      out.add(new Gen.Text().add("mongo: mongodb+srv://svc:").add(LABEL, pw)
          .add("@cluster0.ab1cd.mongodb.net/?retryWrites=true").sample());
      out.add(new Gen.Text().add("connect to mysql://root:").add(LABEL, pw)
          .add("@localhost:3306/shop and run the migration").sample());
      out.add(new Gen.Text().add("CELERY_BROKER=amqp://guest:").add(LABEL, pw)
          .add("@rabbit:5672//").sample());
      out.add(new Gen.Text().add("cache: redis://:").add(LABEL, pw).add("@redis:6379/0")
          .sample());
      out.add(new Gen.Text().add("jdbc:postgresql://db:5432/app?user=app&password=")
          .add(LABEL, pw).sample());
      out.add(new Gen.Text().add("Server=tcp:sql.example.org,1433;Database=crm;User ID=crm;Password=")
          .add(LABEL, pw).add(";Encrypt=True;").sample());
      out.add(new Gen.Text().add("DB_PASSWORD=").add(LABEL, pw).add("\nDB_USER=app\n").sample());
      out.add(new Gen.Text().add("{\"db_password\": \"").add(LABEL, pw).add("\"}").sample());
      out.add(new Gen.Text().add("spring:\n  datasource:\n    password: ").add(LABEL, pw)
          .add("\n").sample());
      String key = g.rnd(B62, 32);
      out.add(new Gen.Text().add("COHERE_API_KEY=").add(LABEL, key).sample());
      out.add(new Gen.Text().add("DD_API_KEY: ").add(LABEL, g.rnd(HEX, 32)).sample());
      out.add(new Gen.Text().add("okta:\n  api_token: \"").add(LABEL, "00" + g.rnd(URLSAFE, 40))
          .add("\"\n").sample());
      out.add(new Gen.Text().add("api_key = \"").add(LABEL, g.rnd(B62, 40)).add("\"").sample());
      out.add(new Gen.Text().add("curl -H 'Authorization: Bearer ").add(LABEL, g.rnd(B62, 40))
          .add("' https://api.example.org/v2/me").sample());
      out.add(new Gen.Text().add("GET /v1/export?format=csv&access_token=")
          .add(LABEL, g.rnd(URLSAFE, 36)).add("&page=2").sample());
      out.add(new Gen.Text().add("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=")
          .add(LABEL, g.rnd(B64, 86) + "==").add(";EndpointSuffix=core.windows.net").sample());
      out.add(new Gen.Text().add("https://acme.blob.core.windows.net/c/f.csv?sv=2022-11-02&ss=b"
          + "&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=").add(LABEL, g.rnd(B62, 43) + "%3D")
          .sample());
      out.add(new Gen.Text().add("SENTRY_DSN=https://").add(LABEL, g.rnd(HEX, 32))
          .add("@o" + g.digits(6) + ".ingest.sentry.io/" + g.digits(7)).sample());
      String awsId = "AKIA" + g.rnd(UPPER + "234567", 16);
      String awsSecret = g.rnd(B62 + "/+", 40);
      out.add(new Gen.Text().add("[default]\naws_access_key_id = ").add(LABEL, awsId)
          .add("\naws_secret_access_key = ").add(LABEL, awsSecret).add("\n").sample());
      out.add(new Gen.Text().add("AWS documents the example key ").add(LABEL,
          "AKIAIOSFODNN7EXAMPLE").add(" with secret ").add(LABEL,
          "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").add("; mine has the same shape.").sample());
      String label = g.pick(List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY",
          "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY"));
      out.add(new Gen.Text().add("Here is the key file:\n").add(LABEL, "-----BEGIN " + label
          + "-----\n" + g.pemBody(g.between(3, 12)) + "-----END " + label + "-----")
          .add("\nwhy does ssh reject it?").sample());
      out.add(new Gen.Text().add("gpg export:\n").add(LABEL, "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
          + g.pemBody(6) + "=" + g.rnd(B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----").sample());
      out.add(new Gen.Text().add("{\"type\": \"service_account\", \"project_id\": \"acme-prod\", "
          + "\"private_key_id\": \"").add(LABEL, g.rnd(HEX, 40)).add("\", \"private_key\": \"")
          .add(LABEL, "-----BEGIN PRIVATE KEY-----\\n" + g.pemBody(8).replace("\n", "\\n")
              + "-----END PRIVATE KEY-----")
          .add("\\n\", \"client_email\": \"svc@acme-prod.iam.gserviceaccount.com\"}").sample());
    }
  }

  /**
   * Password hashes, Kerberos tickets, NTLM pwdump lines, PuTTY key files, and passwords in XML,
   * ODBC and ADO.NET strings whose value holds a delimiter-like char.
   */
  private static void hashesAndKeyFiles(Gen g, List<Sample> out) {
    String crypt = "./" + B62;
    for (int k = 0; k < 4; k++) {
      String user = g.pick(List.of("root", "alice", "deploy", "www-data"));
      out.add(new Gen.Text().add(user + ":").add(LABEL, "$6$" + g.rnd(crypt, 16) + "$"
          + g.rnd(crypt, 86)).add(":19700:0:99999:7:::").sample());
      out.add(new Gen.Text().add(user + ":").add(LABEL, "$y$j9T$" + g.rnd(crypt, 22) + "$"
          + g.rnd(crypt, 43)).add(":19800:0:99999:7:::").sample());
      out.add(new Gen.Text().add("UPDATE users SET hash = '").add(LABEL, "$2" + g.pick(
          List.of("a", "b", "y")) + "$" + g.pick(List.of("10", "12")) + "$" + g.rnd(crypt, 53))
          .add("' WHERE id = " + g.digits(4) + ";").sample());
      out.add(new Gen.Text().add(user + ":").add(LABEL, "$apr1$" + g.rnd(crypt, 8) + "$"
          + g.rnd(crypt, 22)).sample());
      out.add(new Gen.Text().add("legacy md5crypt ").add(LABEL, "$1$" + g.rnd(crypt, 8) + "$"
          + g.rnd(crypt, 22)).add(" from /etc/shadow").sample());
      out.add(new Gen.Text().add("hash: ").add(LABEL, "$argon2id$v=19$m=65536,t=3,p=4$"
          + g.rnd(B64, 22) + "$" + g.rnd(B64, 43)).sample());
      out.add(new Gen.Text().add("password field: ").add(LABEL, "pbkdf2_sha256$"
          + g.pick(List.of("600000", "870000", "260000")) + "$" + g.rnd(B62, 22) + "$"
          + g.rnd(B64, 43) + "=").sample());
      out.add(new Gen.Text().add("Administrator:500:").add(LABEL, g.rnd(HEX, 32) + ":"
          + g.rnd(HEX, 32)).add(":::").sample());
      out.add(new Gen.Text().add(LABEL, "$krb5tgs$23$*svc_" + g.rnd(LOWER, 5)
          + "$CORP.LOCAL$MSSQLSvc/db.corp.local:1433*$" + g.rnd(HEX, 32) + "$"
          + g.rnd(HEX, 300)).add("\ncrack this?").sample());
      out.add(new Gen.Text().add("Roasted: ").add(LABEL, "$krb5asrep$23$" + g.rnd(LOWER, 6)
          + "@CORP.LOCAL:" + g.rnd(HEX, 32) + "$" + g.rnd(HEX, 220)).sample());
      out.add(new Gen.Text().add("my key file:\n").add(LABEL, "PuTTY-User-Key-File-"
          + g.pick(List.of("2", "3")) + ": ssh-rsa\nEncryption: none\nComment: rsa-key\n"
          + "Public-Lines: 2\n" + g.rnd(B64, 64) + "\n" + g.rnd(B64, 40) + "\nPrivate-Lines: 2\n"
          + g.rnd(B64, 64) + "\n" + g.rnd(B64, 28) + "\nPrivate-MAC: " + g.rnd(HEX, 40))
          .sample());
      String pw = g.rnd(B62, 6) + g.pick(List.of("&", "#", "!", "$", "%")) + g.rnd(B62, 5);
      out.add(new Gen.Text().add("<connection>\n  <user>app</user>\n  <password>")
          .add(LABEL, pw).add("</password>\n</connection>").sample());
      out.add(new Gen.Text().add("Driver={ODBC Driver 18 for SQL Server};Server=db;Uid=app;Pwd=")
          .add(LABEL, pw).add(";Encrypt=yes;").sample());
      out.add(new Gen.Text().add("db password: ").add(LABEL, pw).sample());
      out.add(new Gen.Text().add("<add key=\"SmtpPassword\" value=\"").add(LABEL, pw)
          .add("\" />").sample());
    }
  }

  private static void negatives(Gen g, List<Sample> out) {
    List<String> fixed = List.of(
        "Set GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in your CI settings.",
        "OPENAI_API_KEY=<your-openai-api-key>",
        "api_key: ${API_KEY}",
        "password: changeme",
        "token: {{ secrets.DEPLOY_TOKEN }}",
        "password = os.environ['DB_PASSWORD']",
        "password = settings.database.password",
        "db_password = get_secret(\"db\")",
        "PASSWORD=",
        "password: ********",
        "secret_key: your-secret-key-here",
        "STRIPE_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX",
        "max_tokens: 256",
        "token_count = 1024",
        "tokenizer: cl100k_base",
        "password_min_length: 12",
        "secret_name: prod-db-credentials",
        "The secret to good bread is patience: let the dough rest.",
        "My password is strong, I promise.",
        "Token: the smallest unit a model reads.",
        "The task-list has a risk-free item.",
        "Use pattern.matcher(text) and check the passport: A12345678 field.",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xOUetsCa8EfOlDEBAfREhJqspDo\n-----END PUBLIC KEY-----",
        "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHHIG3pZ0JNMA0GCSqGSIb3DQEBCwUAMA0xCzAJBgNVBAYTAlVT\n-----END CERTIFICATE-----",
        "postgres://localhost:5432/app",
        "postgres://reader@db.internal/app",
        "postgres://app:${DB_PASS}@db/app",
        "redis://:<password>@localhost:6379",
        "See https://docs.example.com/auth for how to get a token.",
        "token_url: https://auth.acme.io/oauth2/token",
        "eyJhYmMiOiAxfQ.eyJ4IjoxfQ.c2lnbmF0dXJl is not a token: its header has no alg.",
        "Your key looks like sk-... and starts with sk-proj-...",
        "hf_hub_download(repo_id, filename)",
        "version: 1.2.3-beta.4",
        "The bearer of this letter is my friend.",
        "API_KEY=YOUR_API_KEY",
        "secret: {{secret}}",
        "password: <secret>",
        "token: xxxx",
        "password: ****",
        "<password>${DB_PASSWORD}</password>",
        "Pwd=<password>;",
        "NTLM hash: <nt-hash>",
        "htpasswd -B -C 12 /etc/nginx/.htpasswd alice",
        "The $6$ prefix marks a SHA-512 crypt hash; $2b$ marks bcrypt.");
    for (String s : fixed) {
      out.add(new Sample(s, List.of()));
    }
    for (int k = 0; k < 12; k++) {
      out.add(new Sample("request_id: " + g.uuid() + " trace " + g.uuid(), List.of()));
      out.add(new Sample("sha256: " + g.rnd(HEX, 64), List.of()));
      out.add(new Sample("commit " + g.rnd(HEX, 40) + "\nAuthor: Dev <dev@example.org>\n\n"
          + "    fix build (" + g.rnd(HEX, 7) + ")", List.of()));
      out.add(new Sample("checksum=" + g.rnd(HEX, 32) + " size=" + g.digits(5), List.of()));
      out.add(new Sample("<img src=\"data:image/png;base64," + g.rnd(B64, 120) + "=\">", List.of()));
      out.add(new Sample("etag: \"" + g.rnd(HEX, 32) + "\"", List.of()));
      out.add(new Sample("docker pull registry.example.com/app@sha256:" + g.rnd(HEX, 64),
          List.of()));
      out.add(new Sample("Order " + g.digits(10) + " shipped, tracking " + g.rnd(UPPER + DIGITS,
          18) + ".", List.of()));
      out.add(new Sample("  integrity sha512-" + g.rnd(B64, 86) + "==", List.of()));
      out.add(new Sample("golang.org/x/text v0.14.0 h1:" + g.rnd(B64, 43) + "=", List.of()));
      out.add(new Sample("content: " + java.util.Base64.getEncoder().encodeToString(g.pick(List.of(
          "The meeting moved to Thursday at three, bring the slides.",
          "Please review the attached draft before Friday afternoon.",
          "Our quarterly numbers look better than expected this year.")).getBytes(
          java.nio.charset.StandardCharsets.UTF_8)), List.of()));
      out.add(new Sample("at org.springframework.beans.factory.support."
          + g.pick(List.of("AbstractAutowireCapableBeanFactory", "DefaultListableBeanFactory"))
          + ".doCreateBean(" + g.pick(List.of("AbstractBeanFactory", "BeanFactory")) + ".java:"
          + g.digits(3) + ")", List.of()));
    }
  }
}
