package dev.veil.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TotpTest {

  private static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void codesMatchTheRfc6238TestVectors() {
    long[][] vectors = {
      {59L, 94287082L},
      {1111111109L, 7081804L},
      {1111111111L, 14050471L},
      {1234567890L, 89005924L},
      {2000000000L, 69279037L},
      {20000000000L, 65353130L},
    };
    for (long[] v : vectors) {
      assertThat(Totp.code(SEED20, Totp.step(v[0]), 8, "HmacSHA1"))
          .as("T=%d", v[0])
          .isEqualTo(String.format("%08d", v[1]));
    }
    byte[] seed32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    assertThat(Totp.code(seed32, Totp.step(59), 8, "HmacSHA256")).isEqualTo("46119246");
  }

  @Test
  void codeFromTheNeighbouringStepIsAcceptedAndFartherOnesAreNot() {
    byte[] secret = Totp.newSecret();
    long now = Totp.step(1_700_000_000L);
    assertThat(Totp.matchingStep(secret, Totp.code(secret, now), now)).isEqualTo(now);
    assertThat(Totp.matchingStep(secret, Totp.code(secret, now - 1), now)).isEqualTo(now - 1);
    assertThat(Totp.matchingStep(secret, Totp.code(secret, now + 1), now)).isEqualTo(now + 1);
    String far = Totp.code(secret, now - 5);
    if (!far.equals(Totp.code(secret, now - 1)) && !far.equals(Totp.code(secret, now))
        && !far.equals(Totp.code(secret, now + 1))) {
      assertThat(Totp.matchingStep(secret, far, now)).isEqualTo(-1);
    }
    assertThat(Totp.matchingStep(secret, "12345", now)).isEqualTo(-1);
    assertThat(Totp.matchingStep(secret, null, now)).isEqualTo(-1);
  }

  @Test
  void base32MatchesRfc4648AndRoundTrips() {
    String[][] vectors = {
      {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}
    };
    for (String[] v : vectors) {
      assertThat(Totp.Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII))).isEqualTo(v[1]);
      assertThat(new String(Totp.Base32.decode(v[1].toLowerCase()), StandardCharsets.US_ASCII))
          .isEqualTo(v[0]);
    }
  }

  @Test
  void otpauthUriCarriesIssuerAccountAndSecret() {
    byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    assertThat(Totp.otpauthUri("Veil Prod", "alice", secret))
        .isEqualTo("otpauth://totp/Veil%20Prod:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Veil%20Prod&algorithm=SHA1&digits=6&period=30");
  }
}
