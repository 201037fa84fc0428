package dev.veil.detect.secret;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import dev.veil.detect.pattern.Chars;
import java.util.List;
import java.util.Locale;

/**
 * Passwords in URLs, {@code scheme://user:password@host}: database and broker URIs (PostgreSQL,
 * MySQL, MariaDB, MongoDB with and without {@code +srv}, Redis, AMQP, SQL Server, also after a
 * {@code jdbc:} prefix) and any other scheme. The finding covers the password only, with a kind
 * named after the scheme ({@code postgres_uri_password}...) and a score (0.97) above an e-mail
 * address's, since "user:pass@host" also reads as one. The authority is read up to the first
 * {@code /} or whitespace, so a password with a raw {@code #} or {@code ?} is still found. Sentry DSNs
 * ({@code https://<32 hex>@...sentry.io/...}) report their key.
 */
public final class UrlCredentialRecognizer implements Recognizer {

  private static final int MAX_AUTHORITY = 512;

  @Override
  public String name() {
    return "url_credentials";
  }

  @Override
  public void recognize(CharSequence text, List<Finding> out) {
    int n = text.length();
    int p = Chars.indexOf(text, "://", 0);
    while (p >= 0) {
      int schemeStart = p;
      while (schemeStart > 0 && p - schemeStart < 32 && isSchemeChar(text.charAt(schemeStart - 1))) {
        schemeStart--;
      }
      int authStart = p + 3;
      int authEnd = authStart;
      int at = -1;
      while (authEnd < n && authEnd - authStart < MAX_AUTHORITY) {
        char c = text.charAt(authEnd);
        if (c == '/' || Character.isWhitespace(c) || c == '"' || c == '\'' || c == '`'
            || c == '<' || c == '>') {
          break;
        }
        if (c == '@') {
          at = authEnd;
        }
        authEnd++;
      }
      if (schemeStart < p && at > authStart) {
        String scheme = text.subSequence(schemeStart, p).toString().toLowerCase(Locale.ROOT);
        int colon = Chars.indexOf(text.subSequence(authStart, at), ':', 0);
        if (colon >= 0) {
          int pwStart = authStart + colon + 1;
          if (at > pwStart && acceptable(text, pwStart, at)) {
            out.add(new Finding(EntityType.SECRET, pwStart, at, 0.97, name(), kind(scheme)));
          }
        } else if (at - authStart == 32 && Chars.allHex(text, authStart, at)
            && Chars.indexOf(text.subSequence(at, authEnd), "sentry", 0) >= 0) {
          out.add(new Finding(EntityType.SECRET, authStart, at, 0.97, name(), "sentry_dsn"));
        }
      }
      p = Chars.indexOf(text, "://", Math.max(p + 3, authEnd));
    }
  }

  private static boolean acceptable(CharSequence s, int from, int to) {
    String pw = s.subSequence(from, to).toString();
    return pw.length() >= 3 && !Placeholders.isPlaceholder(pw);
  }

  private static boolean isSchemeChar(char c) {
    return Chars.isAlnum(c) || c == '+' || c == '.' || c == '-';
  }

  static String kind(String scheme) {
    String base = scheme;
    int plus = base.indexOf('+');
    if (plus > 0) {
      base = base.substring(0, plus);
    }
    return switch (base) {
      case "postgres", "postgresql" -> "postgres_uri_password";
      case "mysql", "mariadb" -> "mysql_uri_password";
      case "mongodb" -> "mongodb_uri_password";
      case "redis", "rediss" -> "redis_uri_password";
      case "amqp", "amqps" -> "amqp_uri_password";
      case "sqlserver", "mssql" -> "sqlserver_uri_password";
      case "ftp", "ftps", "sftp" -> "ftp_uri_password";
      case "http", "https" -> "http_basic_auth_password";
      case "cockroachdb" -> "cockroachdb_uri_password";
      case "clickhouse" -> "clickhouse_uri_password";
      case "cassandra" -> "cassandra_uri_password";
      case "neo4j", "bolt" -> "neo4j_uri_password";
      case "couchdb" -> "couchdb_uri_password";
      case "influxdb" -> "influxdb_uri_password";
      case "oracle" -> "oracle_uri_password";
      case "db2" -> "db2_uri_password";
      case "snowflake" -> "snowflake_uri_password";
      case "ldap", "ldaps" -> "ldap_uri_password";
      case "smtp", "smtps", "imap", "imaps", "pop3", "pop3s" -> "mail_uri_password";
      case "mqtt", "mqtts" -> "mqtt_uri_password";
      case "nats" -> "nats_uri_password";
      case "kafka" -> "kafka_uri_password";
      case "memcached" -> "memcached_uri_password";
      case "ssh", "git" -> "ssh_uri_password";
      case "rtsp", "rtsps" -> "rtsp_uri_password";
      case "socks", "socks4", "socks5", "socks5h" -> "proxy_uri_password";
      case "cloudinary" -> "cloudinary_url_secret";
      case "sip", "sips" -> "sip_uri_password";
      default -> "url_password";
    };
  }
}
