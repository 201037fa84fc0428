package dev.veil.detect.secret;

import static dev.veil.detect.secret.SecretRule.checked;
import static dev.veil.detect.secret.SecretRule.keyed;
import static dev.veil.detect.secret.SecretRule.of;
import static dev.veil.detect.secret.SecretRule.url;

import dev.veil.detect.secret.SecretRule.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog of prefixed credential formats, each written from the issuer's public description of
 * its token format, and of password hashes and key files that start with a fixed literal
 * ({@code $2b$}, {@code $argon2id$}, {@code pbkdf2_sha256$}, {@code $krb5tgs$},
 * {@code PuTTY-User-Key-File-}). Formats without a fixed prefix (Cohere, Datadog, Okta keys...) are
 * found by {@link AssignmentSecretRecognizer} from the name they are assigned to; PEM private
 * keys, JWTs, URLs with passwords and a few formats whose marker sits mid-token (Telegram,
 * Mailchimp, pwdump lines) have their own recognizers.
 *
 * <p>Every rule has a positive and a negative example in {@code secret/kinds.tsv} (test
 * resources), checked by {@code SecretKindsTest}.
 */
public final class SecretRules {

  private SecretRules() {}

  private static final String B62 = "[A-Za-z0-9]";
  private static final String URLSAFE = "[A-Za-z0-9_-]";
  private static final String UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";
  /** The suffix of GitLab's routable tokens: a dot-separated version and routing part. */
  private static final String ROUTABLE = "(?:\\.[0-9a-z]{2,12}+){0,2}";

  /** Every built-in prefixed rule. */
  public static List<SecretRule> all() {
    List<SecretRule> r = new ArrayList<>();
    // Cloud providers
    for (String p : List.of("AKIA", "ASIA", "ABIA", "ACCA")) {
      r.add(of("aws_access_key_id", p, "[A-Z0-9]{16}", 0.9));
    }
    r.add(of("gcp_api_key", "AIza", URLSAFE + "{35}", 0.9));
    r.add(of("gcp_oauth_client_secret", "GOCSPX-", URLSAFE + "{28}", 0.95));
    r.add(of("google_oauth_access_token", "ya29.", URLSAFE + "{30,2048}+", 0.85));
    r.add(keyed("azure_storage_account_key", "AccountKey=", "[A-Za-z0-9+/]{86}==", 0.95));
    r.add(keyed("azure_shared_access_key", "SharedAccessKey=", "[A-Za-z0-9+/]{42,43}=", 0.9));
    r.add(keyed("azure_sas_signature", "sig=", "[A-Za-z0-9%+/]{40,100}+(?:%3D|%3d|=){0,2}",
        0.85));
    r.add(of("digitalocean_pat", "dop_v1_", "[a-f0-9]{64}", 0.95));
    r.add(of("digitalocean_oauth_token", "doo_v1_", "[a-f0-9]{64}", 0.95));
    r.add(of("digitalocean_refresh_token", "dor_v1_", "[a-f0-9]{64}", 0.95));
    r.add(of("heroku_api_key", "HRKU-", URLSAFE + "{60}", 0.9));
    r.add(of("alibaba_access_key_id", "LTAI", B62 + "{12,20}+", 0.8));
    r.add(of("tencent_secret_id", "AKID", B62 + "{32}", 0.85));
    r.add(of("flyio_token", "fo1_", URLSAFE + "{43}", 0.9));
    r.add(of("supabase_token", "sbp_", "[a-f0-9]{40}", 0.9));
    r.add(of("netlify_token", "nfp_", B62 + "{36}", 0.9));
    r.add(of("planetscale_token", "pscale_tkn_", "[A-Za-z0-9_.-]{43}", 0.95));
    r.add(of("planetscale_password", "pscale_pw_", "[A-Za-z0-9_.-]{43}", 0.95));
    r.add(of("planetscale_oauth_token", "pscale_oauth_", "[A-Za-z0-9_.-]{43}", 0.95));
    r.add(of("pulumi_token", "pul-", "[a-f0-9]{40}", 0.9));
    r.add(of("databricks_token", "dapi", "[a-f0-9]{32}(?:-[0-9])?", 0.85));
    r.add(of("aws_bedrock_api_key", "ABSK", "[A-Za-z0-9+/]{100,300}+={0,2}", 0.9));
    r.add(of("aws_bedrock_short_lived_key", "bedrock-api-key-", "[A-Za-z0-9+/]{40,4000}+={0,2}",
        0.95));
    r.add(of("defined_networking_api_token", "dnkey-", "[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}",
        0.95));
    r.add(of("yandex_aws_access_secret", "YC", URLSAFE + "{38}", 0.75));
    r.add(of("cloudflare_origin_ca_key", "v1.0-", "[a-f0-9]{24}-[a-f0-9]{146}", 0.95));
    r.add(of("clickhouse_cloud_secret_key", "4b1d", B62 + "{38}", 0.85));
    r.add(of("dynatrace_api_token", "dt0c01.", "[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}", 0.95));
    r.add(of("openshift_user_token", "sha256~", URLSAFE + "{43}", 0.9));
    r.add(of("scalingo_api_token", "tk-us-", URLSAFE + "{48}", 0.9));
    r.add(of("octopus_deploy_api_key", "API-", "[A-Z0-9]{26}", 0.8));
    r.add(of("infracost_api_token", "ico-", B62 + "{32}", 0.9));
    r.add(of("render_api_key", "rnd_", B62 + "{32}", 0.9));
    r.add(of("neon_api_key", "napi_", "[a-z0-9]{64}", 0.9));
    r.add(of("deno_deploy_token", "ddp_", B62 + "{36}", 0.9));
    r.add(of("supabase_secret_key", "sb_secret_", URLSAFE + "{30,64}+", 0.9));
    r.add(of("flyio_macaroon_token", "fm2_", "[A-Za-z0-9+/=,_-]{100,4000}+", 0.9));
    r.add(of("scaleway_access_key", "SCW", "[A-Z0-9]{17}", 0.75));
    r.add(of("yandex_api_key", "AQVN", URLSAFE + "{35,38}+", 0.9));
    r.add(of("yandex_iam_token", "t1.", URLSAFE + "{2,200}+={0,2}\\." + URLSAFE + "{86}={0,2}",
        0.85));
    for (String p : List.of("pat.", "sat.")) {
      r.add(of("harness_api_key", p, URLSAFE + "{22}\\." + B62 + "{24}\\." + B62 + "{20}", 0.95));
    }
    r.add(of("tailscale_api_key", "tskey-api-", "[A-Za-z0-9-]{30,120}+", 0.95));
    r.add(of("tailscale_auth_key", "tskey-auth-", "[A-Za-z0-9-]{30,120}+", 0.95));
    r.add(of("tailscale_oauth_client_secret", "tskey-client-", "[A-Za-z0-9-]{30,120}+", 0.95));
    r.add(of("circleci_personal_token", "CCIPAT_", B62 + "{22}_[a-f0-9]{40}", 0.95));
    r.add(of("circleci_project_token", "CCIPRJ_", B62 + "{22}_[a-f0-9]{40}", 0.95));
    r.add(of("sonarqube_user_token", "squ_", "[a-f0-9]{40}", 0.95));
    r.add(of("sonarqube_project_token", "sqp_", "[a-f0-9]{40}", 0.95));
    r.add(of("sonarqube_analysis_token", "sqa_", "[a-f0-9]{40}", 0.95));
    r.add(of("sourcegraph_access_token", "sgp_", "(?:[A-Fa-f0-9]{16}_|local_)?[A-Fa-f0-9]{40}",
        0.95));
    r.add(of("jfrog_reference_token", "cmVmdGtu", B62 + "{50,70}+", 0.9));
    r.add(of("frameio_api_token", "fio-u-", "[A-Za-z0-9_=-]{64}", 0.95));
    r.add(of("honeycomb_api_key", "hcaik_", "[a-z0-9]{58,64}+", 0.9));
    r.add(of("honeycomb_api_key", "hcxik_", "[a-z0-9]{58,64}+", 0.9));
    // Source hosting
    r.add(checked("github_pat", "ghp_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(checked("github_oauth_token", "gho_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(checked("github_user_token", "ghu_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(checked("github_app_token", "ghs_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(checked("github_refresh_token", "ghr_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(of("github_fine_grained_pat", "github_pat_", B62 + "{22}_" + B62 + "{59}", 0.95));
    r.add(of("gitlab_pat", "glpat-", URLSAFE + "{20,300}+" + ROUTABLE, 0.9));
    r.add(of("gitlab_deploy_token", "gldt-", URLSAFE + "{20,64}+", 0.9));
    r.add(of("gitlab_runner_token", "glrt-", URLSAFE + "{20,300}+" + ROUTABLE, 0.9));
    r.add(of("gitlab_pipeline_trigger_token", "glptt-", "[a-f0-9]{40}", 0.9));
    r.add(of("gitlab_oauth_app_secret", "gloas-", URLSAFE + "{20,80}+", 0.9));
    r.add(of("gitlab_ci_build_token", "glcbt-", URLSAFE + "{20,80}+", 0.9));
    r.add(of("gitlab_feed_token", "glft-", URLSAFE + "{20,64}+", 0.9));
    r.add(of("gitlab_incoming_mail_token", "glimt-", URLSAFE + "{20,64}+", 0.9));
    r.add(of("gitlab_scim_token", "glsoat-", URLSAFE + "{20,64}+", 0.9));
    r.add(of("gitlab_agent_token", "glagent-", URLSAFE + "{40,80}+", 0.9));
    r.add(of("bitbucket_app_password", "ATBB", "[A-Za-z0-9_=.-]{28,64}+", 0.85));
    r.add(of("atlassian_api_token", "ATATT3", "[A-Za-z0-9_=-]{150,250}+", 0.9));
    r.add(of("atlassian_admin_api_token", "ATCTT3", "[A-Za-z0-9_=-]{150,250}+", 0.9));
    r.add(of("trello_token", "ATTA", "[A-Za-z0-9]{60,80}+", 0.85));
    r.add(of("gitlab_feature_flag_client_token", "glffct-", URLSAFE + "{20}", 0.9));
    r.add(of("gitlab_runner_registration_token", "GR1348941", URLSAFE + "{20}", 0.9));
    r.add(keyed("gitlab_session_cookie", "_gitlab_session=", "[0-9a-z]{32}", 0.9));
    // Chat and webhooks
    r.add(of("slack_bot_token", "xoxb-", "[0-9]{8,14}-[0-9]{8,14}-" + B62 + "{20,40}+", 0.95));
    r.add(of("slack_legacy_bot_token", "xoxb-", "[0-9]{8,14}-" + B62 + "{18,26}", 0.9));
    r.add(of("slack_config_refresh_token", "xoxe-", "[0-9]-[A-Za-z0-9]{100,200}+", 0.9));
    r.add(of("slack_user_token", "xoxp-", "[0-9A-Za-z-]{30,150}+", 0.95));
    r.add(of("slack_workspace_token", "xoxa-", "[0-9A-Za-z-]{30,150}+", 0.9));
    r.add(of("slack_refresh_token", "xoxr-", "[0-9A-Za-z-]{30,150}+", 0.9));
    r.add(of("slack_config_token", "xoxe.xox", "[bp]-[0-9A-Za-z-]{30,200}+", 0.9));
    r.add(of("slack_app_token", "xapp-", "[0-9A-Za-z-]{30,150}+", 0.9));
    r.add(url("slack_webhook", "hooks.slack.com/services/",
        "T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/" + B62 + "{20,32}+", 0.95));
    r.add(url("slack_workflow_webhook", "hooks.slack.com/workflows/",
        "T[A-Z0-9]{6,12}/A[A-Z0-9]{6,12}/[0-9]{6,20}/" + B62 + "{20,32}+", 0.95));
    for (String p : List.of("MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT")) {
      r.add(of("discord_bot_token", p, URLSAFE + "{21,24}+\\." + URLSAFE + "{6}\\."
          + URLSAFE + "{27,38}+", 0.9));
    }
    r.add(url("discord_webhook", "discord.com/api/webhooks/",
        "[0-9]{17,20}/" + URLSAFE + "{60,68}+", 0.95));
    r.add(url("discord_webhook", "discordapp.com/api/webhooks/",
        "[0-9]{17,20}/" + URLSAFE + "{60,68}+", 0.95));
    r.add(of("slack_legacy_token", "xoxo-", "[0-9]{6,14}-[0-9A-Za-z-]{20,120}+", 0.9));
    r.add(of("slack_legacy_token", "xoxs-", "[0-9]{6,14}-[0-9A-Za-z-]{20,120}+", 0.9));
    r.add(url("teams_webhook", "webhook.office.com/webhookb2/", "[A-Za-z0-9@/_.-]{60,300}+",
        0.9));
    // Payments and commerce
    r.add(of("stripe_secret_key", "sk_live_", B62 + "{24,247}+", 0.95));
    r.add(of("stripe_test_secret_key", "sk_test_", B62 + "{24,247}+", 0.8));
    r.add(of("stripe_restricted_key", "rk_live_", B62 + "{24,247}+", 0.95));
    r.add(of("stripe_restricted_test_key", "rk_test_", B62 + "{24,247}+", 0.8));
    r.add(of("stripe_webhook_secret", "whsec_", "[A-Za-z0-9+/=]{32,64}+", 0.9));
    r.add(of("square_access_token", "sq0atp-", URLSAFE + "{22,60}+", 0.95));
    r.add(of("square_oauth_secret", "sq0csp-", URLSAFE + "{43}", 0.95));
    r.add(of("square_access_token", "EAAA", URLSAFE + "{60}", 0.8));
    r.add(of("facebook_access_token", "EAA", B62 + "{100,300}+", 0.75));
    r.add(of("braintree_access_token", "access_token$production$",
        "[a-z0-9]{16}\\$[a-f0-9]{32}", 0.95));
    r.add(of("shopify_access_token", "shpat_", "[a-fA-F0-9]{32}", 0.95));
    r.add(of("shopify_custom_app_token", "shpca_", "[a-fA-F0-9]{32}", 0.95));
    r.add(of("shopify_private_app_token", "shppa_", "[a-fA-F0-9]{32}", 0.95));
    r.add(of("shopify_shared_secret", "shpss_", "[a-fA-F0-9]{32}", 0.95));
    r.add(of("razorpay_key", "rzp_live_", B62 + "{14}", 0.9));
    r.add(of("flutterwave_secret_key", "FLWSECK-", "[a-f0-9]{32}-X", 0.95));
    r.add(of("flutterwave_secret_key", "FLWSECK_TEST-", "[a-f0-9]{32}-X", 0.85));
    r.add(of("shippo_token", "shippo_live_", "[a-f0-9]{40}", 0.95));
    r.add(of("shippo_test_token", "shippo_test_", "[a-f0-9]{40}", 0.85));
    r.add(of("easypost_api_key", "EZAK", B62 + "{54}", 0.9));
    r.add(of("duffel_token", "duffel_live_", URLSAFE + "{43}", 0.95));
    r.add(of("duffel_test_token", "duffel_test_", URLSAFE + "{43}", 0.85));
    r.add(of("braintree_sandbox_token", "access_token$sandbox$",
        "[a-z0-9]{16}\\$[a-f0-9]{32}", 0.85));
    r.add(of("razorpay_test_key", "rzp_test_", B62 + "{14}", 0.8));
    r.add(of("flutterwave_encryption_key", "FLWSECK_TEST", "[a-f0-9]{12}", 0.85));
    r.add(of("easypost_test_api_key", "EZTK", B62 + "{54}", 0.85));
    for (String p : List.of("access-production-", "access-development-", "access-sandbox-")) {
      r.add(of("plaid_access_token", p, UUID,
          0.9));
    }
    r.add(of("lob_api_key", "live_", "[a-f0-9]{35}", 0.85));
    r.add(of("lob_test_api_key", "test_", "[a-f0-9]{35}", 0.75));
    r.add(of("gocardless_access_token", "live_", URLSAFE + "{40}", 0.8));
    r.add(of("salesforce_access_token", "00D", B62 + "{12,15}+![A-Za-z0-9._]{80,140}+", 0.9));
    r.add(of("adyen_api_key", "AQE", "[A-Za-z0-9+/=._-]{90,300}+", 0.75));
    r.add(of("hubspot_private_app_token", "pat-na1-",
        UUID, 0.95));
    r.add(of("hubspot_private_app_token", "pat-eu1-",
        UUID, 0.95));
    // AI providers
    r.add(of("openai_project_key", "sk-proj-", URLSAFE + "{40,200}+", 0.95));
    r.add(of("openai_service_account_key", "sk-svcacct-", URLSAFE + "{40,200}+", 0.95));
    r.add(of("openai_admin_key", "sk-admin-", URLSAFE + "{40,200}+", 0.95));
    r.add(of("anthropic_admin_key", "sk-ant-admin01-", URLSAFE + "{80,120}+", 0.95));
    r.add(of("anthropic_api_key", "sk-ant-", URLSAFE + "{80,120}+", 0.95));
    r.add(of("langfuse_secret_key", "sk-lf-",
        UUID, 0.9));
    r.add(of("elevenlabs_api_key", "sk_", "[a-f0-9]{48}", 0.8));
    r.add(of("tavily_api_key", "tvly-", "(?:dev-|prod-)?" + B62 + "{32}", 0.95));
    r.add(of("firecrawl_api_key", "fc-", "[a-f0-9]{32}", 0.85));
    r.add(of("cerebras_api_key", "csk-", "[a-z0-9]{48}", 0.9));
    r.add(of("nvidia_api_key", "nvapi-", URLSAFE + "{64}", 0.95));
    r.add(of("voyage_api_key", "pa-", URLSAFE + "{43}", 0.8));
    r.add(of("runpod_api_key", "rpa_", "[A-Z0-9]{40,50}+", 0.9));
    r.add(of("fireworks_api_key", "fw_", B62 + "{24}", 0.8));
    r.add(of("privateai_api_key", "pai_", B62 + "{32}", 0.75));
    r.add(of("openrouter_api_key", "sk-or-v1-", "[a-f0-9]{64}", 0.95));
    r.add(checked("openai_api_key", "sk-", B62 + "{32,64}+", 0.8, Check.OPENAI_MARKER));
    r.add(of("huggingface_token", "hf_", B62 + "{34}", 0.9));
    r.add(of("huggingface_org_token", "api_org_", B62 + "{34}", 0.9));
    r.add(of("groq_api_key", "gsk_", B62 + "{52}", 0.95));
    r.add(of("replicate_api_token", "r8_", B62 + "{37}", 0.9));
    r.add(of("perplexity_api_key", "pplx-", B62 + "{48}", 0.95));
    r.add(of("xai_api_key", "xai-", B62 + "{80}", 0.95));
    r.add(of("langsmith_api_key", "lsv2_pt_", "[a-f0-9]{32}_[a-f0-9]{10}", 0.95));
    r.add(of("langsmith_api_key", "lsv2_sk_", "[a-f0-9]{32}_[a-f0-9]{10}", 0.95));
    r.add(of("pinecone_api_key", "pcsk_", "[A-Za-z0-9_]{50,90}+", 0.9));
    // Messaging, package registries, developer platforms
    r.add(of("sendgrid_api_key", "SG.", URLSAFE + "{22}\\." + URLSAFE + "{43}", 0.95));
    r.add(of("twilio_api_key", "SK", "[a-f0-9]{32}", 0.75));
    r.add(of("mailgun_api_key", "key-", "[a-f0-9]{32}", 0.85));
    r.add(checked("npm_token", "npm_", B62 + "{36}", 0.9, Check.CRC32_BASE62));
    r.add(of("pypi_token", "pypi-AgEIcHlwaS5vcmc", URLSAFE + "{50,400}+", 0.95));
    r.add(of("pypi_token", "pypi-AgENdGVzdC5weXBpLm9yZw", URLSAFE + "{50,400}+", 0.9));
    r.add(of("dockerhub_pat", "dckr_pat_", URLSAFE + "{27}", 0.95));
    r.add(of("dockerhub_oat", "dckr_oat_", URLSAFE + "{27,40}+", 0.95));
    r.add(of("nuget_api_key", "oy2", "[a-z0-9]{43}", 0.85));
    r.add(of("rubygems_api_key", "rubygems_", "[a-f0-9]{48}", 0.95));
    r.add(of("clojars_token", "CLOJARS_", "[a-z0-9]{60}", 0.9));
    r.add(of("newrelic_user_api_key", "NRAK-", "[A-Z0-9]{27}", 0.95));
    r.add(of("newrelic_browser_api_key", "NRJS-", "[a-f0-9]{19}", 0.9));
    r.add(of("newrelic_insert_key", "NRII-", URLSAFE + "{32}", 0.9));
    r.add(of("sentry_org_token", "sntrys_", "[A-Za-z0-9+/=_]{80,400}+", 0.95));
    r.add(of("sentry_user_token", "sntryu_", "[a-f0-9]{64}", 0.95));
    for (String p : List.of("dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit.")) {
      r.add(of("doppler_token", p, "(?:[a-z0-9_-]{1,32}+\\.)?" + B62 + "{40,44}+", 0.95));
    }
    r.add(of("vault_service_token", "hvs.", URLSAFE + "{24,200}+", 0.9));
    r.add(of("vault_batch_token", "hvb.", URLSAFE + "{24,300}+", 0.9));
    r.add(of("vault_recovery_token", "hvr.", URLSAFE + "{24,200}+", 0.9));
    r.add(of("linear_api_key", "lin_api_", B62 + "{40}", 0.95));
    r.add(of("linear_oauth_token", "lin_oauth_", "[a-f0-9]{64}", 0.95));
    r.add(of("notion_token", "secret_", B62 + "{43}", 0.85));
    r.add(of("notion_token", "ntn_", B62 + "{46}", 0.9));
    r.add(of("airtable_pat", "pat", B62 + "{14}\\.[a-f0-9]{64}", 0.95));
    r.add(of("postman_api_key", "PMAK-", "[a-f0-9]{24}-[a-f0-9]{34}", 0.95));
    r.add(of("grafana_cloud_token", "glc_", "[A-Za-z0-9+/]{32,400}+={0,2}", 0.9));
    r.add(of("grafana_service_account_token", "glsa_", B62 + "{32}_[A-Fa-f0-9]{8}", 0.95));
    r.add(of("age_secret_key", "AGE-SECRET-KEY-1", "[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        0.99));
    r.add(of("mapbox_secret_token", "sk.eyJ", URLSAFE + "{50,300}+\\." + URLSAFE + "{20,100}+",
        0.95));
    r.add(of("buildkite_token", "bkua_", "[a-f0-9]{40}", 0.95));
    r.add(of("figma_pat", "figd_", URLSAFE + "{40}", 0.95));
    r.add(of("dropbox_token", "sl.", URLSAFE + "{130,1000}+", 0.85));
    r.add(of("contentful_pat", "CFPAT-", URLSAFE + "{43}", 0.95));
    r.add(of("prefect_api_key", "pnu_", B62 + "{36}", 0.9));
    r.add(of("readme_api_key", "rdme_", "[a-z0-9]{70}", 0.9));
    r.add(of("tailscale_key", "tskey-", "[A-Za-z0-9-]{30,120}+", 0.9));
    r.add(of("onepassword_service_token", "ops_eyJ", "[A-Za-z0-9+/=_-]{100,3000}+", 0.95));
    r.add(of("jfrog_api_key", "AKCp", B62 + "{69}", 0.9));
    r.add(of("sendinblue_api_key", "xkeysib-", "[a-f0-9]{64}-" + B62 + "{16}", 0.95));
    r.add(of("sendinblue_smtp_key", "xsmtpsib-", "[a-f0-9]{64}-" + B62 + "{16}", 0.95));
    r.add(of("resend_api_key", "re_", B62 + "{8}_" + B62 + "{24}", 0.85));
    r.add(of("mandrill_api_key", "md-", URLSAFE + "{22}", 0.75));
    r.add(of("telnyx_api_key", "KEY", "[0-9A-F]{32}_" + B62 + "{22}", 0.9));
    r.add(of("settlemint_personal_token", "sm_pat_", B62 + "{16}", 0.9));
    r.add(of("settlemint_application_token", "sm_aat_", B62 + "{16}", 0.9));
    r.add(of("settlemint_service_token", "sm_sat_", B62 + "{16}", 0.9));
    r.add(of("typeform_token", "tfp_", "[A-Za-z0-9_.=-]{59}", 0.9));
    r.add(of("onepassword_secret_key", "A3-", "[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})"
        + "-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}", 0.95));
    r.add(of("adobe_client_secret", "p8e-", B62 + "{32}", 0.9));
    r.add(of("intra42_client_secret", "s-s4t2ud-", "[a-f0-9]{64}", 0.95));
    r.add(of("intra42_client_secret", "s-s4t2af-", "[a-f0-9]{64}", 0.95));
    r.add(of("grafana_api_key", "eyJrIjoi", B62 + "{70,400}+={0,3}", 0.9));
    r.add(of("twitter_bearer_token", "AAAAAAAAAAAAAAAAAAAAA", "A*+[A-Za-z0-9%]{80,110}+", 0.9));
    r.add(of("instagram_access_token", "IGQV", URLSAFE + "{100,400}+", 0.85));
    r.add(of("pinterest_access_token", "pina_", "[A-Z0-9]{80,120}+", 0.85));
    r.add(of("clickup_api_token", "pk_", "[0-9]{6,10}_[A-Z0-9]{32}", 0.9));
    r.add(of("asana_pat", "1/", "[0-9]{10,16}:[a-f0-9]{32}", 0.9));
    r.add(of("asana_pat", "2/", "[0-9]{10,16}/[0-9]{10,16}:[a-f0-9]{32}", 0.9));
    r.add(of("crates_io_token", "cio", B62 + "{32}", 0.8));
    r.add(of("stytch_secret", "secret-live-", URLSAFE + "{36}", 0.9));
    r.add(of("stytch_test_secret", "secret-test-", URLSAFE + "{36}", 0.8));
    // Key files whose armour is not PEM
    r.add(of("putty_private_key", "PuTTY-User-Key-File-", "[23]: [A-Za-z0-9-]{3,40}\\r?\\n"
        + "(?:[A-Za-z-]{1,24}: [^\\r\\n]{0,200}+\\r?\\n|[A-Za-z0-9+/=]{1,100}+\\r?\\n){0,40}?"
        + "Private-Lines: [0-9]{1,3}\\r?\\n(?:[A-Za-z0-9+/=]{1,100}+(?:\\r?\\n|$)){1,100}"
        + "(?:Private-MAC: [0-9a-f]{40,64})?", 0.99));
    passwordHashes(r);
    return List.copyOf(r);
  }

  /**
   * Password hashes in the modular crypt format ({@code $id$salt$hash}) and its relatives: an
   * offline attack turns them back into passwords, so they are secrets too.
   */
  private static void passwordHashes(List<SecretRule> r) {
    String crypt = "[./A-Za-z0-9]";
    for (String p : List.of("$2a$", "$2b$", "$2y$", "$2x$")) {
      r.add(of("bcrypt_hash", p, "[0-9]{2}\\$" + crypt + "{53}", 0.95));
    }
    r.add(of("md5_crypt_hash", "$1$", crypt + "{1,8}+\\$" + crypt + "{22}", 0.9));
    r.add(of("apr1_md5_hash", "$apr1$", crypt + "{1,8}+\\$" + crypt + "{22}", 0.95));
    r.add(of("sha256_crypt_hash", "$5$", "(?:rounds=[0-9]{4,9}\\$)?" + crypt + "{1,16}+\\$"
        + crypt + "{43}", 0.95));
    r.add(of("sha512_crypt_hash", "$6$", "(?:rounds=[0-9]{4,9}\\$)?" + crypt + "{1,16}+\\$"
        + crypt + "{86}", 0.95));
    r.add(of("yescrypt_hash", "$y$", crypt + "{3,12}+\\$" + crypt + "{8,44}+\\$" + crypt
        + "{43}", 0.95));
    r.add(of("scrypt_crypt_hash", "$7$", crypt + "{11,14}+" + crypt + "{0,43}+\\$" + crypt
        + "{43}", 0.9));
    r.add(of("phpass_hash", "$P$", crypt + "{31}", 0.9));
    r.add(of("phpass_hash", "$H$", crypt + "{31}", 0.9));
    r.add(of("drupal7_hash", "$S$", crypt + "{52}", 0.9));
    r.add(of("cisco_type8_hash", "$8$", crypt + "{14}\\$" + crypt + "{43}", 0.9));
    r.add(of("cisco_type9_hash", "$9$", crypt + "{14}\\$" + crypt + "{43}", 0.9));
    for (String p : List.of("$argon2id$", "$argon2i$", "$argon2d$")) {
      r.add(of("argon2_hash", p, "v=[0-9]{2}\\$m=[0-9]{1,8},t=[0-9]{1,4},p=[0-9]{1,3}"
          + "\\$[A-Za-z0-9+/]{11,64}+\\$[A-Za-z0-9+/]{16,128}+", 0.95));
    }
    r.add(of("passlib_pbkdf2_hash", "$pbkdf2-sha", "(?:1|256|512)\\$[0-9]{1,7}\\$"
        + crypt + "{8,64}+\\$" + crypt + "{27,86}+", 0.95));
    for (String p : List.of("pbkdf2_sha256$", "pbkdf2_sha1$")) {
      r.add(of("django_pbkdf2_hash", p, "[0-9]{4,7}\\$[A-Za-z0-9./+]{8,64}+\\$"
          + "[A-Za-z0-9+/]{27,64}+={0,2}", 0.95));
    }
    r.add(of("django_argon2_hash", "argon2$argon2", "(?:id|i|d)\\$v=[0-9]{2}\\$m=[0-9]{1,8},"
        + "t=[0-9]{1,4},p=[0-9]{1,3}\\$[A-Za-z0-9+/]{11,64}+\\$[A-Za-z0-9+/]{16,128}+", 0.95));
    r.add(of("django_bcrypt_hash", "bcrypt_sha256$$2", "[aby]\\$[0-9]{2}\\$" + crypt + "{53}",
        0.95));
    r.add(of("werkzeug_pbkdf2_hash", "pbkdf2:sha", "(?:1|256|512):[0-9]{1,7}\\$"
        + "[A-Za-z0-9]{8,32}+\\$[a-f0-9]{40,128}+", 0.95));
    r.add(of("werkzeug_scrypt_hash", "scrypt:", "[0-9]{4,6}:[0-9]{1,2}:[0-9]{1,2}\\$"
        + "[A-Za-z0-9]{8,32}+\\$[a-f0-9]{64,128}+", 0.95));
    for (String p : List.of("{SSHA}", "{SSHA256}", "{SSHA512}", "{SHA}", "{SMD5}")) {
      r.add(of("ldap_password_hash", p, "[A-Za-z0-9+/]{20,120}+={0,2}", 0.9));
    }
    r.add(of("postgres_scram_hash", "SCRAM-SHA-256$", "[0-9]{4,6}:[A-Za-z0-9+/]{16,32}+={0,2}"
        + "\\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=", 0.95));
    r.add(of("postgres_md5_hash", "md5", "[a-f0-9]{32}", 0.75));
    r.add(of("grub_pbkdf2_hash", "grub.pbkdf2.sha512.", "[0-9]{1,7}\\.[A-F0-9]{32,256}+"
        + "\\.[A-F0-9]{64,256}+", 0.95));
    r.add(of("kerberos_tgs_hash", "$krb5tgs$", "[0-9]{1,2}\\$[!-~]{60,16384}+", 0.95));
    r.add(of("kerberos_asrep_hash", "$krb5asrep$", "[0-9]{1,2}\\$[!-~]{60,16384}+", 0.95));
    r.add(of("kerberos_preauth_hash", "$krb5pa$", "[0-9]{1,2}\\$[!-~]{40,16384}+", 0.95));
  }
}
