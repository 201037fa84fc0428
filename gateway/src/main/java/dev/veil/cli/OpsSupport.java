package dev.veil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veil.admin.Operations;
import dev.veil.api.Gateway;
import dev.veil.config.VeilConfig;
import dev.veil.store.Database;
import java.time.Clock;
import java.util.Map;

/** Opens the same store and services as {@code veil serve} for one command. */
final class OpsSupport {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OpsSupport() {}

  @FunctionalInterface
  interface Work<T> {
    T run(Operations ops) throws Exception;
  }

  /** Runs {@code work} over the configured store, closing it afterwards. */
  static <T> T with(CommonOptions common, Map<String, String> env, Work<T> work)
      throws Exception {
    VeilConfig config = common.load(env, Map.of());
    try (Database db = Gateway.openDatabase(config, env)) {
      return work.run(Operations.open(config, env, db, Clock.systemUTC()));
    }
  }

  /** The audit actor for a command run on the server: {@code cli:<os user>}. */
  static String actor() {
    String user = System.getProperty("user.name", "");
    return user.matches("[A-Za-z0-9._-]{1,64}") ? "cli:" + user : "cli";
  }

  static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }
}
