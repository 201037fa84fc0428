package dev.veil.cli;

import dev.veil.api.Gateway;
import dev.veil.api.Listener;
import dev.veil.config.HostPort;
import dev.veil.config.VeilConfig;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code veil serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway (API on https://127.0.0.1:8443, admin on :9443).")
final class ServeCommand implements Callable<Integer> {
  /** The JDK's setting for how many carrier threads run virtual threads. */
  static final String CARRIERS = "jdk.virtualThreadScheduler.parallelism";

  private final Map<String, String> env;

  @Mixin CommonOptions common;

  @Option(names = "--listen", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      description = "API listen address.")
  HostPort listen;

  @Option(names = "--admin-listen", paramLabel = "HOST:PORT", converter = ListenAddress.class,
      description = "Admin listen address.")
  HostPort adminListen;

  ServeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    defaultCarriers();
    Map<String, String> flags = new HashMap<>();
    if (listen != null) {
      flags.put("server.listen", listen.toString());
    }
    if (adminListen != null) {
      flags.put("admin.listen", adminListen.toString());
    }
    VeilConfig config = common.load(env, flags);
    PrintStream out = System.out;
    Gateway gateway;
    try {
      gateway = Gateway.start(config, env, out);
    } catch (Listener.AddressInUseException e) {
      throw new IllegalStateException(inUse(config, e.address()));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }, "veil-shutdown"));
    out.println("veil: serving on " + (config.server().plainHttp() ? "http" : "https") + "://"
        + config.server().listen() + " (admin " + config.adminListen() + "); Ctrl-C stops");
    stopped.await();
    return 0;
  }

  /** Parses {@code HOST:PORT}, failing with a message that picocli puts after the flag's name. */
  static final class ListenAddress implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      HostPort hp = HostPort.parse(value);
      if (hp == null) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not HOST:PORT; write e.g. 127.0.0.1:8443");
      }
      return hp;
    }
  }

  /** Says which address is taken and where it was set: the flag, the variable or the file. */
  private String inUse(VeilConfig config, HostPort address) {
    boolean api = address.equals(config.server().listen());
    String flag = api ? "--listen" : "--admin-listen";
    String variable = api ? "VEIL_SERVER_LISTEN" : "VEIL_ADMIN_LISTEN";
    String key = api ? "server.listen" : "admin.listen";
    String where;
    if ((api ? listen : adminListen) != null) {
      where = "set by " + flag;
    } else if (env.get(variable) != null) {
      where = "set by the environment variable " + variable;
    } else if (config.defaultsOnly()) {
      where = "the default of " + key;
    } else {
      where = key + " in " + config.source();
    }
    return "cannot listen on " + address + " (" + (api ? "API" : "admin") + " listener, "
        + where + "): the address is already in use, probably by another Veil or another"
        + " program; stop it, or choose another address with " + flag + " or " + key;
  }

  /**
   * Runs virtual threads on two carrier threads per CPU unless {@value #CARRIERS} is set: the
   * JDK's default of one per CPU lets a request stall whenever another thread (Jetty's selector,
   * the metadata writer, or another process on the machine) preempts its carrier, although
   * other requests could run. Measured with the load harness on two vCPUs shared with its driver
   * and fake upstream (BENCHMARKS.md): 10-14% more requests a second at concurrency 16 and about
   * 0.8 ms less at p99. Must run before the first virtual thread starts, which fixes the setting.
   */
  static void defaultCarriers() {
    if (System.getProperty(CARRIERS) == null) {
      int cpus = Runtime.getRuntime().availableProcessors();
      System.setProperty(CARRIERS, Integer.toString(2 * cpus));
    }
  }
}
