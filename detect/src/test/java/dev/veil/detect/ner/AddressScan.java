package dev.veil.detect.ner;

import dev.veil.detect.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Dev-time precision check: prints every STREET_ADDRESS and ZIP_CODE finding, with some context,
 * in text that holds few or no addresses (CoNLL files sentence by sentence, any other file in
 * 4,000-char chunks), so that false finds can be read one by one.
 *
 * <p>Usage: {@code AddressScan <file>...}.
 */
public final class AddressScan {

  private AddressScan() {}

  public static void main(String[] args) throws IOException {
    StreetAddressRecognizer recognizer = new StreetAddressRecognizer(Lexicon.load());
    List<String> texts = new ArrayList<>();
    for (String file : args) {
      if (file.endsWith(".conll")) {
        Conll.read(Path.of(file)).forEach(e -> texts.add(e.text()));
      } else {
        String s = Files.readString(Path.of(file));
        for (int i = 0; i < s.length(); i += 4000) {
          texts.add(s.substring(i, Math.min(s.length(), i + 4000)));
        }
      }
    }
    long chars = 0;
    int findings = 0;
    for (String s : texts) {
      chars += s.length();
      List<Finding> out = new ArrayList<>();
      recognizer.recognize(s, out);
      for (Finding f : out) {
        findings++;
        String context =
            s.substring(Math.max(0, f.start() - 40), Math.min(s.length(), f.end() + 30));
        System.out.println(f.type() + " [" + f.valueIn(s).replace("\n", "\\n") + "]  ..."
            + context.replace("\n", "\\n"));
      }
    }
    System.out.println(texts.size() + " texts, " + chars + " chars, " + findings + " findings");
  }
}
