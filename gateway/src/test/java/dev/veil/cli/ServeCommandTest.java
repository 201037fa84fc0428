package dev.veil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(ServeCommand.CARRIERS);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(ServeCommand.CARRIERS);
    } else {
      System.setProperty(ServeCommand.CARRIERS, saved);
    }
  }

  @Test
  void twoCarrierThreadsPerCpuByDefault() {
    System.clearProperty(ServeCommand.CARRIERS);
    ServeCommand.defaultCarriers();
    assertThat(System.getProperty(ServeCommand.CARRIERS))
        .isEqualTo(Integer.toString(2 * Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void aSetNumberIsKept() {
    System.setProperty(ServeCommand.CARRIERS, "3");
    ServeCommand.defaultCarriers();
    assertThat(System.getProperty(ServeCommand.CARRIERS)).isEqualTo("3");
  }
}
