package dev.veil.detect;

/**
 * The kinds of sensitive value that Veil finds. Names follow Microsoft Presidio's entity types so
 * that people and tools that know them feel at home; {@link #STREET_ADDRESS}, {@link #ZIP_CODE},
 * {@link #AGE} and {@link #SECRET} are Veil's own. {@link #NRP} (nationality, religious or
 * political group) is special-category data under GDPR Art. 9.
 */
public enum EntityType {
  PERSON,
  LOCATION,
  ORGANIZATION,
  STREET_ADDRESS,
  ZIP_CODE,
  EMAIL_ADDRESS,
  PHONE_NUMBER,
  CREDIT_CARD,
  IBAN_CODE,
  US_SSN,
  US_PASSPORT,
  US_DRIVER_LICENSE,
  US_BANK_NUMBER,
  UK_NHS,
  UK_NINO,
  IP_ADDRESS,
  MAC_ADDRESS,
  URL,
  DATE_TIME,
  AGE,
  NRP,
  CRYPTO,
  SECRET;

  /** True for credentials, which the default policy blocks rather than pseudonymises. */
  public boolean isSecret() {
    return this == SECRET;
  }
}
