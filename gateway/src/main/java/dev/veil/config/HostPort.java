package dev.veil.config;

import java.util.regex.Pattern;

/** A listen address, {@code HOST:PORT} ({@code [::1]:8443} for IPv6). */
public record HostPort(String host, int port) {
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
  private static final Pattern IPV6_LOOPBACK = Pattern.compile("(0{0,4}:){2,7}0{0,3}1|::1");

  /** Parses {@code HOST:PORT}; returns {@code null} if it is not of that form. */
  public static HostPort parse(String s) {
    if (s == null) {
      return null;
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      return null;
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      return port < 0 || port > 65535 || host.isEmpty() ? null : new HostPort(host, port);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the host is a loopback name or address. */
  public boolean isLoopback() {
    return isLoopbackHost(host);
  }

  /** Whether {@code host} is {@code localhost} or a loopback address literal. */
  public static boolean isLoopbackHost(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    return IPV4_LOOPBACK.matcher(host).matches() || IPV6_LOOPBACK.matcher(host).matches();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
