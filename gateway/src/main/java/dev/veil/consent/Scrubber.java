package dev.veil.consent;

/**
 * Scans a text again before it leaves in a training export and returns it with personal data and
 * secrets removed. The gateway backs it with the detector and the protection engine.
 *
 * <p><b>Warning:</b> an implementation that cannot inspect a text must throw, never return it
 * unchanged: the exporter then leaves the record out.
 */
@FunctionalInterface
public interface Scrubber {
  String scrub(String text);
}
