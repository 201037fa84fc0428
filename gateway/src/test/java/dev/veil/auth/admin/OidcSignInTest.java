package dev.veil.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OidcSignInTest {

  private static TestIssuer issuer;
  private OidcSignIn sso;

  @BeforeAll
  static void startIssuer() throws Exception {
    issuer = new TestIssuer();
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    issuer.tamper = TestIssuer.Tamper.NONE;
    sso = new OidcSignIn(
        new OidcSignIn.Settings(
            issuer.issuer(),
            issuer.clientId,
            issuer.clientSecret,
            URI.create("https://127.0.0.1:9443/admin/v1/sso/callback"),
            "groups",
            Map.of("veil-owners", Role.OWNER, "veil-auditors", Role.AUDITOR,
                "veil-devs", Role.DEVELOPER)),
        HttpClient.newHttpClient(),
        Clock.systemUTC());
  }

  private OidcSignIn.Start startAndApprove(List<String> groups, String[] code) {
    OidcSignIn.Start start = sso.start();
    code[0] = issuer.approve(start.authorizationUri(), "subject-42", groups);
    return start;
  }

  @Test
  void codeFlowWithPkceYieldsTheMostPrivilegedMappedRole() throws Exception {
    String[] code = new String[1];
    OidcSignIn.Start start = startAndApprove(List.of("staff", "veil-devs", "veil-auditors"), code);
    assertThat(start.authorizationUri().getRawQuery())
        .contains("code_challenge_method=S256", "response_type=code", "nonce=", "state=");
    assertThat(sso.finish(start.state(), code[0]))
        .contains(new OidcSignIn.Identity(issuer.issuer().toString(), "subject-42", Role.AUDITOR));
  }

  @Test
  void stateIsSingleUse() throws Exception {
    String[] code = new String[1];
    OidcSignIn.Start start = startAndApprove(List.of("veil-owners"), code);
    assertThat(sso.finish(start.state(), code[0])).isPresent();
    assertThat(sso.finish(start.state(), code[0])).isEmpty();
    assertThat(sso.finish("made-up-state", code[0])).isEmpty();
  }

  @Test
  void userWithNoMappedGroupIsRefused() throws Exception {
    String[] code = new String[1];
    OidcSignIn.Start start = startAndApprove(List.of("staff"), code);
    assertThat(sso.finish(start.state(), code[0])).isEmpty();
  }

  @Test
  void everySpoiledIdTokenIsRefused() throws Exception {
    for (TestIssuer.Tamper tamper : TestIssuer.Tamper.values()) {
      if (tamper == TestIssuer.Tamper.NONE) {
        continue;
      }
      issuer.tamper = tamper;
      String[] code = new String[1];
      OidcSignIn.Start start = startAndApprove(List.of("veil-owners"), code);
      assertThat(sso.finish(start.state(), code[0])).as(tamper.name()).isEmpty();
    }
  }

  @Test
  void codeFromAnotherFlowFailsThePkceCheck() throws Exception {
    String[] code = new String[1];
    startAndApprove(List.of("veil-owners"), code);
    OidcSignIn.Start other = sso.start();
    assertThat(sso.finish(other.state(), code[0])).isEmpty();
  }

  @Test
  void plainHttpIssuerIsRefusedUnlessLoopback() {
    assertThatThrownBy(() -> new OidcSignIn(
            new OidcSignIn.Settings(URI.create("http://idp.example.com"), "c", null,
                URI.create("https://127.0.0.1:9443/cb"), "groups", Map.of()),
            HttpClient.newHttpClient(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
