package dev.veil.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.bench.upstream.FakeUpstream;
import dev.veil.bench.upstream.UpstreamOptions;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayProcessTest {

  private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  @Test
  void aGatewayIsStartedOverTlsGivenAKeyAndLoadedWithStreams(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, StandInGateway.class.getName());
    try (FakeUpstream upstream = FakeUpstream.start(FakeUpstream.Engine.JDK, "127.0.0.1", 0, UpstreamOptions.FASTEST);
        GatewayProcess gateway = GatewayProcess.start(jar, dir.resolve("c"), true, upstream.baseUrl(), JVM,
            Duration.ofSeconds(60))) {
      LoadDriver driver = new LoadDriver(new LoadDriver.Settings(Duration.ofSeconds(3), Duration.ofMillis(500), true));

      LevelResult result = driver.closed("c", true, gateway.endpoint(),
          new ChatRequestGenerator(11, true).generate(16), 2, new LoadDriver.Processes(new long[] {gateway.pid()}, 0));

      assertThat(gateway.endpoint().tls()).isNotNull();
      assertThat(result.requests()).isPositive();
      assertThat(result.errors()).isEmpty();
      assertThat(result.mismatches()).isZero();
      assertThat(result.timeToFirstByte()).isNotNull();
      assertThat(result.gatewayCpuMicrosPerRequest()).isNotNull();
      assertThat(result.gatewayRssMib()).isPositive();
      assertThat(result.gatewayPeakRssMib()).isGreaterThanOrEqualTo(result.gatewayRssMib());
      assertThat(Files.readString(dir.resolve("c").resolve("veil.yaml")))
          .contains("base_url: " + upstream.baseUrl(), "enabled: true");
    }
  }

  @Test
  void theApiKeyNeverShowsInTheEndpointDescription() {
    Endpoint endpoint = new Endpoint("127.0.0.1", 8443, null, "Bearer sk-veil-canary-5f1e");

    assertThat(endpoint.toString()).doesNotContain("canary").contains("with an API key");
  }

  @Test
  void aMissingJarIsReportedWithTheBuildCommand(@TempDir Path dir) {
    assertThatThrownBy(() -> GatewayProcess.start(dir.resolve("none.jar"), dir, false,
        java.net.URI.create("http://127.0.0.1:1/v1"), JVM, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gateway jar not found")
        .hasMessageContaining("package");
  }

  @Test
  void aGatewayThatExitsIsReportedWithItsLog(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, "dev.veil.cli.NoSuchMain");

    assertThatThrownBy(() -> GatewayProcess.start(jar, dir.resolve("b"), false,
        java.net.URI.create("http://127.0.0.1:1/v1"), JVM, Duration.ofSeconds(60)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited with status 1")
        .hasMessageContaining("gateway.log");
  }

  /** A launcher jar like the gateway's: a manifest naming the main class and the class path. */
  private static Path jar(Path dir, String mainClass) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(classPath.split(File.pathSeparator))
        .map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
    Path jar = dir.resolve("stand-in-gateway.jar");
    try (OutputStream out = Files.newOutputStream(jar)) {
      new JarOutputStream(out, manifest).close();
    }
    return jar;
  }
}
