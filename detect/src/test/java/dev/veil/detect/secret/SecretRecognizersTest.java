package dev.veil.detect.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRecognizersTest {

  private static final Detector SECRETS = Detectors.secrets();

  private static List<Finding> secrets(String text) {
    return SECRETS.scan(text).stream().filter(f -> f.type() == EntityType.SECRET).toList();
  }

  private static List<String> values(String text) {
    return secrets(text).stream().map(f -> f.valueIn(text)).toList();
  }

  @Test
  void aLongSpokenOrCurlPasswordIsCoveredWhole() {
    // regression: values were cut at 64 and 128 chars, leaving the rest in clear
    String pw = "Xq7!" + "k".repeat(70) + "Zz9#" + "m".repeat(70);
    for (String text : List.of("the root password is " + pw + " now",
        "curl -u admin:" + pw + " https://example.com")) {
      Finding f = Detectors.secrets().scan(text).stream()
          .filter(x -> x.type() == EntityType.SECRET).findFirst().orElseThrow();
      assertThat(f.valueIn(text)).isEqualTo(pw);
    }
  }

  @Test
  void githubTokenWithValidChecksumScoresHigherThanOneWithout() {
    String body = "abcdefghijABCDEFGHIJ0123456789";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    for (char c : body.toCharArray()) {
      crc.update(c);
    }
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    long v = crc.getValue();
    char[] tail = new char[6];
    for (int i = 5; i >= 0; i--) {
      tail[i] = alphabet.charAt((int) (v % 62));
      v /= 62;
    }
    String good = "ghp_" + body + new String(tail);
    String bad = "ghp_" + body + "zzzzzz".substring(0, 5) + (tail[5] == 'A' ? 'B' : 'A');
    assertThat(secrets("t " + good)).singleElement()
        .satisfies(f -> assertThat(f.score()).isEqualTo(0.99))
        .satisfies(f -> assertThat(f.kind()).isEqualTo("github_pat"));
    assertThat(secrets("t " + bad)).singleElement()
        .satisfies(f -> assertThat(f.score()).isLessThan(0.99));
  }

  @Test
  void awsSecretKeyWrittenNextToTheKeyIdIsFound() {
    String text = "id AKIAZ3MSJV4WSD3NPZGQ and then\nsecret: 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\n";
    assertThat(secrets(text)).extracting(Finding::kind)
        .containsExactly("aws_access_key_id", "aws_secret_access_key");
  }

  /** Regression: the EXAMPLE in AWS's documented key pair exempted it, yet it is a key's shape. */
  @Test
  void awsDocumentedExampleKeyPairIsReported() {
    String text = "AKIAIOSFODNN7EXAMPLE with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    assertThat(values(text)).containsExactly("AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    assertThat(values("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
        .containsExactly("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  /** Regression: "db password: Tr0ub4dor&3xQ" matched only "Tr0ub4dor", the & ended the value. */
  @ParameterizedTest
  @ValueSource(strings = {
      "db password: Tr0ub4dor&3xQ",
      "DB_PASSWORD=Tr0ub4dor&3xQ",
      "<password>Tr0ub4dor&3xQ</password>",
      "<property name=\"db.password\" value=\"Tr0ub4dor&3xQ\"/>",
      "Driver={ODBC Driver 18};Uid=app;Pwd=Tr0ub4dor&3xQ;Encrypt=yes",
      "jdbc:sqlserver://db:1433;user=sa;password=Tr0ub4dor&3xQ;encrypt=true",
      "smtp_pass = Tr0ub4dor&3xQ",
  })
  void passwordIsReportedWholeUpToItsDelimiter(String text) {
    assertThat(values(text)).containsExactly("Tr0ub4dor&3xQ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "my password is Xk9!mQ2zR7 please reset it",
      "The wifi password was \"Xk9!mQ2zR7\".",
      "define( 'DB_PASSWORD', 'Xk9!mQ2zR7' );",
      "curl -u admin:Xk9!mQ2zR7 https://ci.internal/api/json",
      "headers = {'Authorization': 'Bearer Xk9!mQ2zR7'}",
      "app.secret_key = b'Xk9!mQ2zR7'",
      "<input type=\"password\" value=\"Xk9!mQ2zR7\">",
  })
  void passwordsOutsideNameEqualsValueFormsAreFound(String text) {
    assertThat(values(text)).containsExactly("Xk9!mQ2zR7");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "My password is strong, I promise.",
      "the password is in the vault",
      "password_hash_algorithm: argon2id",
      "password: !vault |",
      "token_header: X-Api-Token-2024",
      "amqp://guest:guest@localhost:5672/",
      "x = f(a, 'password', c)",
      "keywords = ('bandpass', 'differentiator', 'hilbert')",
      "MovedAttribute(\"HTTPPasswordMgr\", \"urllib2\", \"urllib.request\")",
      "socat -u UDP4-RECV:8888,reuseaddr,fork STDOUT",
  })
  void descriptionsOfPasswordsAreNotPasswords(String text) {
    assertThat(values(text)).isEmpty();
  }

  @Test
  void ampersandStillEndsAValueBeforeTheNextQueryParameter() {
    assertThat(values("GET /x?password=Ab12Cd34Ef&page=2")).containsExactly("Ab12Cd34Ef");
  }

  @Test
  void privateKeyBlockIsOneFindingFromBeginToEnd() {
    String key = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        + "QyNTUxOQAAACDm5sBXvl1n0y1bxm0YwTX0QFq8pVL7ZkA3bqPX2z0iZQAAAJgAAAAAAAAA\n"
        + "-----END OPENSSH PRIVATE KEY-----";
    String text = "my key:\n" + key + "\nthanks";
    assertThat(values(text)).containsExactly(key);
    assertThat(secrets(text).get(0).kind()).isEqualTo("openssh_private_key");
  }

  @Test
  void puttyKeyFileIsOneFindingThroughItsMac() {
    String key = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key\n"
        + "Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9\n"
        + "GKJlQ29tbWVudA==\nPrivate-Lines: 1\nAAAAIBpR3mT7vLw8sN4yHc6jF1gD5aE0uKoQiZxXb3kq9PzR\n"
        + "Private-MAC: 8f3a9c1e5b2d7f4a6c0e8f3a9c1e5b2d7f4a6c0e8f3a9c1e5b2d7f4a6c0e1234";
    assertThat(secrets("my key:\n" + key + "\nthanks")).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo("putty_private_key"))
        .satisfies(f -> assertThat(f.valueIn("my key:\n" + key + "\nthanks")).isEqualTo(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
      "$6$rounds=5000$saltsaltsalt1234$q0RHGF0f8Xb0RmnH5rZ4b1j7u6/Vk3Pq.N8tYw2xZ9cL1mE4sD7aF0gH3jK6lP9oI2uY5tR8eW1qA4zX7cV0bN",
      "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
      "pbkdf2_sha256$600000$aBcDeFgHiJkLmNoPqRsTuV$Xk9mQ2zR7pWn6Lv3Ty8Bc5Fd1Gh4Js0Ka2Qe7Rt9Uy3=",
      "$y$j9T$F5Jx5fExrKuJdOvvx6rtX.$lwHRh8qUmz6r1oVqP6bbBzlqwIc/4ESdPfMPhLNKQE4",
  })
  void passwordHashIsOneFindingFromItsMarkerToItsEnd(String hash) {
    assertThat(values("stored: " + hash + " (old)")).containsExactly(hash);
  }

  @Test
  void pwdumpLineReportsBothHashes() {
    String hashes = "5f4aefab124b8c5dff82a7247fa81903:f3b466122073ba08f9ab0b9f7d276d9a";
    assertThat(values("Administrator:500:" + hashes + ":::")).containsExactly(hashes);
  }

  @Test
  void unclosedPrivateKeyBlockIsStillReported() {
    String text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeL\n"
        + "ezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTx";
    assertThat(secrets(text)).singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo("rsa_private_key"))
        .satisfies(f -> assertThat(f.end()).isEqualTo(text.length()));
  }

  @Test
  void jwtIsFoundOnlyWhenItsHeaderNamesAnAlgorithm() {
    String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    assertThat(values("Authorization: Bearer " + jwt)).containsExactly(jwt);
    assertThat(values("x eyJhYmMiOiAxfQ.eyJ4IjoxfQ.c2lnbmF0dXJl y")).isEmpty();
  }

  @Test
  void passwordInDatabaseUriIsTheFinding() {
    assertThat(values("postgres://app:S3cr3t!pw@db.internal:5432/app"))
        .containsExactly("S3cr3t!pw");
    assertThat(secrets("mongodb+srv://svc:Zq8#w2@c0.mongodb.net/x").get(0).kind())
        .isEqualTo("mongodb_uri_password");
  }

  @Test
  void assignmentsInCodeYamlJsonEnvAndQueryStringsAreFound() {
    assertThat(values("password = \"Tr0ub4dor&3\"")).containsExactly("Tr0ub4dor&3");
    assertThat(values("db:\n  password: hunter2x9\n")).containsExactly("hunter2x9");
    assertThat(values("{\"client_secret\": \"q8Z2mN4vX7bL1cK9\"}"))
        .containsExactly("q8Z2mN4vX7bL1cK9");
    assertThat(values("API_KEY=3f9a7c1e5b2d8f4a6c0e")).containsExactly("3f9a7c1e5b2d8f4a6c0e");
    assertThat(values("GET /x?token=Ab12Cd34Ef56Gh78&page=2")).containsExactly("Ab12Cd34Ef56Gh78");
    assertThat(values("Authorization: Bearer abcDEF123456ghiJKL789"))
        .containsExactly("abcDEF123456ghiJKL789");
    assertThat(values("API_KEY ?= 3f9a7c1e5b2d8f4a6c0e")).containsExactly("3f9a7c1e5b2d8f4a6c0e");
    assertThat(values("apiKey := \"3f9a7c1e5b2d8f4a6c0e\"")).containsExactly("3f9a7c1e5b2d8f4a6c0e");
    assertThat(values("API key: 3f9a7c1e5b2d8f4a6c0e")).containsExactly("3f9a7c1e5b2d8f4a6c0e");
    assertThat(values("Authorization: Basic c3ZjOkJYT1lSdGtPcVJQdEZpSkc="))
        .containsExactly("c3ZjOkJYT1lSdGtPcVJQdEZpSkc=");
    assertThat(values("token: CF_API_TOKEN=ibuE0182YNayBg3UZehK2NxQ"))
        .containsExactly("ibuE0182YNayBg3UZehK2NxQ");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "password: changeme",
      "api_key: ${API_KEY}",
      "token: {{ secrets.DEPLOY_TOKEN }}",
      "OPENAI_API_KEY=<your-openai-api-key>",
      "password = os.environ['DB_PASSWORD']",
      "password = settings.database.password",
      "secret_name: prod-db-credentials",
      "max_tokens: 4096",
      "passport: A12345678",
      "postgres://app:${DB_PASS}@db/app",
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8xOUetsCa8EfOlDEBAfREhJqspDo\n-----END PUBLIC KEY-----",
      "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
      "request 123e4567-e89b-42d3-a456-426614174000",
      "The task-list is risk-free; see pattern.matcher().",
  })
  void placeholdersAndLookAlikesAreNotSecrets(String text) {
    assertThat(values(text)).isEmpty();
  }

  @Test
  void findingsCarryKindButNeverTheValue() {
    String token = "glpat-Zx8Yw7Vu6Ts5Rq4Po3Nm";
    Finding f = secrets("use " + token).get(0);
    assertThat(f.kind()).isEqualTo("gitlab_pat");
    assertThat(f.toString()).doesNotContain(token).doesNotContain("Zx8Yw7");
  }
}
