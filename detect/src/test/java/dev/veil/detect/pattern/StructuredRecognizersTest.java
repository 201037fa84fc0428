package dev.veil.detect.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veil.detect.Detector;
import dev.veil.detect.Detectors;
import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StructuredRecognizersTest {

  private static final Detector DETECTOR = Detectors.structured();

  private static List<String> found(String text, EntityType type) {
    return DETECTOR.scan(text).stream().filter(f -> f.type() == type)
        .map(f -> f.valueIn(text)).toList();
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @CsvSource(delimiter = '|', value = {
      "write to john.doe+tag@example.co.uk today|EMAIL_ADDRESS|john.doe+tag@example.co.uk",
      "(x@mail.example.org)|EMAIL_ADDRESS|x@mail.example.org",
      "call +1 415-555-2671 now|PHONE_NUMBER|+1 415-555-2671",
      "415-555-2671 at the very start|PHONE_NUMBER|415-555-2671",
      "phone (415) 555-2671|PHONE_NUMBER|(415) 555-2671",
      "call (395) 873-0984 today|PHONE_NUMBER|(395) 873-0984",
      "reach me at +1-370-610-4298.|PHONE_NUMBER|+1-370-610-4298",
      "ring 020 7946 0958 please|PHONE_NUMBER|020 7946 0958",
      "tel +49 30 901820|PHONE_NUMBER|+49 30 901820",
      "tel +49 (0)30 901820 or|PHONE_NUMBER|+49 (0)30 901820",
      "tel +44 (0)20 7946 0958.|PHONE_NUMBER|+44 (0)20 7946 0958",
      "tel 0049 30 901820|PHONE_NUMBER|0049 30 901820",
      "appelez le 01 42 68 53 00|PHONE_NUMBER|01 42 68 53 00",
      "mobile +91 98765 43210|PHONE_NUMBER|+91 98765 43210",
      "call 312-555-0150x123 now|PHONE_NUMBER|312-555-0150x123",
      "call (617)555-0199 ext. 4567 now|PHONE_NUMBER|(617)555-0199 ext. 4567",
      "call +1-202-555-0143 x3321.|PHONE_NUMBER|+1-202-555-0143 x3321",
      "made-up 555-123-4567 still reads as a phone|PHONE_NUMBER|555-123-4567",
      "her desk ((718) 370-0686) or|PHONE_NUMBER|(718) 370-0686",
      "the line (788.860.2208) rang|PHONE_NUMBER|788.860.2208",
      "card 4111 1111 1111 1111 exp|CREDIT_CARD|4111 1111 1111 1111",
      "old jcb 180012345678905 card|CREDIT_CARD|180012345678905",
      "old jcb 2131 0000 0000 001 card|CREDIT_CARD|2131 0000 0000 001",
      "amex 3782-822463-10005|CREDIT_CARD|3782-822463-10005",
      "mc 5555555555554444.|CREDIT_CARD|5555555555554444",
      "mc2 2223000048400011|CREDIT_CARD|2223000048400011",
      "dankort 5019 0000 0000 0008 charged|CREDIT_CARD|5019 0000 0000 0008",
      "troy 9792 0000 0000 0003 charged|CREDIT_CARD|9792 0000 0000 0003",
      "verve 5060 9900 0000 0000 001 charged|CREDIT_CARD|5060 9900 0000 0000 001",
      "iban DE89 3704 0044 0532 0130 00.|IBAN_CODE|DE89 3704 0044 0532 0130 00",
      "iban GB82WEST12345698765432|IBAN_CODE|GB82WEST12345698765432",
      "iban NO9386011117947|IBAN_CODE|NO9386011117947",
      "typed in chat: gb82 west 1234 5698 7654 32, thanks|IBAN_CODE|gb82 west 1234 5698 7654 32",
      "ssn 536-90-4399|US_SSN|536-90-4399",
      "SSN: 536 90 4399|US_SSN|536 90 4399",
      "my ssn is 536904399|US_SSN|536904399",
      "passport number 912803456|US_PASSPORT|912803456",
      "driver license D1234567|US_DRIVER_LICENSE|D1234567",
      "bank account 12345678901|US_BANK_NUMBER|12345678901",
      "NHS 943 476 5919|UK_NHS|943 476 5919",
      "nino AB 12 34 56 C|UK_NINO|AB 12 34 56 C",
      "nino AB123456C|UK_NINO|AB123456C",
      "from 192.168.1.254.|IP_ADDRESS|192.168.1.254",
      "to 10.0.0.1:8080|IP_ADDRESS|10.0.0.1",
      "v6 2001:db8::8a2e:370:7334|IP_ADDRESS|2001:db8::8a2e:370:7334",
      "full 2001:0db8:0000:0000:0000:ff00:0042:8329|IP_ADDRESS|2001:0db8:0000:0000:0000:ff00:0042:8329",
      "mapped ::ffff:192.0.2.128|IP_ADDRESS|::ffff:192.0.2.128",
      "loopback ::1 only|IP_ADDRESS|::1",
      "link fe80::1ff:fe23:4567:890a|IP_ADDRESS|fe80::1ff:fe23:4567:890a",
      "[2001:db8::1]:443|IP_ADDRESS|2001:db8::1",
      "mac 00:1A:2B:3C:4D:5E|MAC_ADDRESS|00:1A:2B:3C:4D:5E",
      "mac 00-1a-2b-3c-4d-5e|MAC_ADDRESS|00-1a-2b-3c-4d-5e",
      "cisco 0123.4567.89ab|MAC_ADDRESS|0123.4567.89ab",
      "see https://example.com/a?b=1).|URL|https://example.com/a?b=1",
      "go to www.veil.dev, then|URL|www.veil.dev",
      "read docs.python.org/3/library|URL|docs.python.org/3/library",
      "on 2024-12-31T10:30:00Z|DATE_TIME|2024-12-31T10:30:00Z",
      "on 2024-12-31T10:30:00+01:00|DATE_TIME|2024-12-31T10:30:00+01:00",
      "due 12/31/2024|DATE_TIME|12/31/2024",
      "due 31.12.2024|DATE_TIME|31.12.2024",
      "born March 3, 2021 in|DATE_TIME|March 3, 2021",
      "the 3rd of March 2021|DATE_TIME|3rd of March 2021",
      "at 10:30 pm sharp|DATE_TIME|10:30 pm",
      "at 10pm sharp|DATE_TIME|10pm",
      "Sept. 5, 2019 was|DATE_TIME|Sept. 5, 2019",
      "on 03-Mar-2021 we|DATE_TIME|03-Mar-2021",
      "since March 2021|DATE_TIME|March 2021",
      "Mar 3, 2021 at 9:15 am|DATE_TIME|Mar 3, 2021 at 9:15 am",
      "lowercase: 11 february 2005.|DATE_TIME|11 february 2005",
      "lowercase: november 28, 1985 by|DATE_TIME|november 28, 1985",
      "lowercase: after may 2024.|DATE_TIME|may 2024",
      "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2|CRYPTO|1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
      "p2sh 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy|CRYPTO|3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
      "v0 BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4|CRYPTO|BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
      "taproot bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0|CRYPTO|bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
      "eth 0x52908400098527886E0F7030069857D2E4169EE7|CRYPTO|0x52908400098527886E0F7030069857D2E4169EE7",
  })
  void recognizesValidValue(String text, EntityType type, String value) {
    assertThat(found(text, type)).containsExactly(value);
  }

  @ParameterizedTest(name = "{0} has no {1}")
  @CsvSource(delimiter = '|', value = {
      "a@b or user@localhost or x@y.c|EMAIL_ADDRESS",
      "card 4111 1111 1111 1112|CREDIT_CARD",
      "digits 1234567812345678|CREDIT_CARD",
      "zeros 0000 0000 0000 0000|CREDIT_CARD",
      "iban DE89370400440532013001|IBAN_CODE",
      "iban XX89370400440532013000|IBAN_CODE",
      "iban gb82 west 1234 5698 7654 33 or Gb82WEST12345698765432|IBAN_CODE",
      "build 555-123-4567xyz and 415-555-2671extra9|PHONE_NUMBER",
      "ssn 000-12-3456 666-12-3456 912-12-3456|US_SSN",
      "ssn 536-00-4399 536-90-0000|US_SSN",
      "ssn 078-05-1120 219-09-9999 123-45-6789|US_SSN",
      "ssn 536-90 4399|US_SSN",
      "just 912803456 here|US_PASSPORT",
      "you may 5 times, we march 10 km, 3 may be wrong, in mar 2021|DATE_TIME",
      "just D1234567 here|US_DRIVER_LICENSE",
      "just 12345678901 here|US_BANK_NUMBER",
      "nhs 943 476 5918|UK_NHS",
      "nino DA123456C QQ123456C GB123456A AB123456E|UK_NINO",
      "ip 256.1.1.1 and 1.2.3 and 01.2.3.4|IP_ADDRESS",
      "time 10:30:45 and std::vector and a:b:c|IP_ADDRESS",
      "mac 00:1A:2B:3C:4D|MAC_ADDRESS",
      "files setup.py README.md main.rs run.sh|URL",
      "e.g. this, i.e. that|URL",
      "May I ask? version 1.2.3 and 13/13/2024|DATE_TIME",
      "btc 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3|CRYPTO",
      "v0 bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5|CRYPTO",
  })
  void refusesLookAlike(String text, EntityType type) {
    assertThat(found(text, type)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "+1 415-555-2671",
      "4111 1111 1111 1111",
      "192.168.1.254",
  })
  void findingsSitInsideTheirText(String value) {
    String text = "x " + value + " y";
    for (Finding f : DETECTOR.scan(text)) {
      assertThat(f.start()).isGreaterThanOrEqualTo(0);
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
    }
  }
}
