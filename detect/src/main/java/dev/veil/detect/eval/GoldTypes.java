package dev.veil.detect.eval;

import dev.veil.detect.EntityType;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the entity labels found in Presidio-style data sets, synonyms included, to Veil's {@link
 * EntityType}s. Labels with no counterpart (such as {@code TITLE}, {@code NRP}, {@code AGE}) map
 * to nothing and are left out of scoring.
 */
public final class GoldTypes {

  private static final Map<String, EntityType> MAP = new HashMap<>();

  static {
    for (EntityType t : EntityType.values()) {
      MAP.put(t.name(), t);
    }
    alias(EntityType.PERSON, "PER", "NAME", "PERSON_NAME", "FULL_NAME");
    alias(EntityType.LOCATION, "LOC", "GPE", "CITY", "COUNTRY", "STATE");
    alias(EntityType.ORGANIZATION, "ORG", "COMPANY", "CORPORATION");
    alias(EntityType.STREET_ADDRESS, "ADDRESS", "STREET", "STREETADDRESS");
    alias(EntityType.ZIP_CODE, "ZIP", "POSTCODE", "POSTAL_CODE", "ZIPCODE");
    alias(EntityType.EMAIL_ADDRESS, "EMAIL");
    alias(EntityType.PHONE_NUMBER, "PHONE", "TELEPHONE", "PHONENUMBER");
    alias(EntityType.CREDIT_CARD, "CREDIT_CARD_NUMBER", "CREDITCARD", "CC");
    alias(EntityType.IBAN_CODE, "IBAN");
    alias(EntityType.US_SSN, "SSN");
    alias(EntityType.US_DRIVER_LICENSE, "DRIVER_LICENSE", "DRIVERS_LICENSE");
    alias(EntityType.US_BANK_NUMBER, "BANK_ACCOUNT", "BANK_NUMBER");
    alias(EntityType.UK_NHS, "NHS");
    alias(EntityType.UK_NINO, "NINO");
    alias(EntityType.IP_ADDRESS, "IP", "IPV4", "IPV6");
    alias(EntityType.MAC_ADDRESS, "MAC");
    alias(EntityType.URL, "DOMAIN_NAME", "DOMAIN");
    alias(EntityType.DATE_TIME, "DATE", "TIME", "DATE_OF_BIRTH", "DOB", "DATETIME");
    alias(EntityType.AGE, "AGES");
    alias(EntityType.NRP, "NATIONALITY", "RELIGION", "POLITICAL_GROUP", "NORP");
    alias(EntityType.CRYPTO, "BITCOIN", "CRYPTO_ADDRESS");
    alias(EntityType.SECRET, "PASSWORD", "API_KEY", "CREDENTIAL", "TOKEN");
  }

  private GoldTypes() {}

  private static void alias(EntityType t, String... labels) {
    for (String l : labels) {
      MAP.put(l, t);
    }
  }

  /** The entity type a data-set label stands for, if Veil produces one. Case-insensitive. */
  public static Optional<EntityType> of(String label) {
    return Optional.ofNullable(MAP.get(label.trim().toUpperCase(Locale.ROOT)));
  }
}
