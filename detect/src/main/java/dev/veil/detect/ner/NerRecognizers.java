package dev.veil.detect.ner;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import dev.veil.detect.Recognizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Entry point of the names half of detection: loads the shipped name tables, gazetteers and
 * trained tagger once, and hands out the recognizers built on them.
 *
 * <ul>
 *   <li>{@link #names()} ({@code "ner"}): {@link EntityType#PERSON}, {@link EntityType#LOCATION}
 *       and {@link EntityType#ORGANIZATION} from an averaged-perceptron BIO tagger over hashed
 *       features (word, shape, affixes, casing, name frequencies, place and organisation
 *       gazetteers, cue words, neighbours), trained on WNUT-17 and synthetic sentences.
 *   <li>{@link #streetAddresses()} ({@code "street_address"}): {@link EntityType#STREET_ADDRESS}
 *       in the formats of some 25 countries and PO boxes, and {@link EntityType#ZIP_CODE} for
 *       postcodes outside an address, by a linear scanner.
 * </ul>
 *
 * <p>Everything is read from the classpath in {@link #load()} (well under a second, some tens of
 * MB of heap); scanning does no I/O, works in pooled per-call arrays and is safe from any number
 * of threads.
 *
 * <h2>Security</h2>
 * Findings carry types and offsets only; nothing here logs or keeps scanned text.
 */
public final class NerRecognizers {

  private final NameRecognizer names;
  private final StreetAddressRecognizer addresses;
  private final Recognizer combined;

  private NerRecognizers(NameRecognizer names, StreetAddressRecognizer addresses) {
    this.names = names;
    this.addresses = addresses;
    this.combined = new Recognizer() {
      @Override
      public String name() {
        return NameRecognizer.NAME;
      }

      @Override
      public void recognize(CharSequence text, List<Finding> out) {
        Scratch scratch = Scratch.acquire();
        try {
          Tagger.Doc d = names.prepare(Tokens.of(text, scratch), scratch);
          names.recognize(d, scratch, out);
          addresses.recognize(d, out);
        } finally {
          scratch.release();
        }
      }
    };
  }

  /**
   * Loads the tables and the model from the classpath.
   *
   * @throws UncheckedIOException if a resource is missing or corrupt; callers must not start
   *     without names detection
   */
  public static NerRecognizers load() {
    Lexicon lexicon = Lexicon.load();
    ModelFile.Weights weights;
    try (InputStream in = NerRecognizers.class.getResourceAsStream(ModelFile.RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + ModelFile.RESOURCE);
      }
      weights = ModelFile.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the NER model", e);
    }
    return new NerRecognizers(new NameRecognizer(new Tagger(lexicon, weights.values(), weights.step())), new StreetAddressRecognizer(lexicon));
  }

  /** PERSON, LOCATION and ORGANIZATION. */
  public Recognizer names() {
    return names;
  }

  /** STREET_ADDRESS and ZIP_CODE. */
  public Recognizer streetAddresses() {
    return addresses;
  }

  /**
   * Names and street addresses in one recognizer ({@code "ner"}) that splits the text into tokens
   * once for both; each finding still names the recognizer that produced it ({@code "ner"} or
   * {@code "street_address"}). Finds exactly what {@link #all()} finds, at lower cost.
   */
  public Recognizer combined() {
    return combined;
  }

  /** Both recognizers, names first. */
  public List<Recognizer> all() {
    return List.of(names, addresses);
  }
}
