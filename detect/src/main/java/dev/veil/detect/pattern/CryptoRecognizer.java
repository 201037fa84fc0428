package dev.veil.detect.pattern;

import dev.veil.detect.EntityType;
import dev.veil.detect.Finding;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Cryptocurrency addresses: Bitcoin legacy P2PKH ({@code 1...}) and P2SH ({@code 3...}) in
 * Base58Check with the double-SHA-256 checksum verified, Bitcoin SegWit addresses ({@code bc1...})
 * with the BIP 173 (bech32, witness v0) or BIP 350 (bech32m, v1+) checksum verified, and Ethereum
 * addresses ({@code 0x} and 40 hex digits; the EIP-55 mixed-case checksum needs Keccak-256, which
 * the JDK lacks, so these score lower).
 */
public final class CryptoRecognizer extends DigitWordRecognizer {

  private static final String BASE58 =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final int BECH32_CONST = 1;
  private static final int BECH32M_CONST = 0x2bc830a3;

  @Override
  public String name() {
    return "crypto";
  }

  @Override
  void word(CharSequence text, int i, int end, List<Finding> out) {
    char c = text.charAt(i);
    int len = end - i;
    if ((c == '1' || c == '3') && len >= 26 && len <= 35 && base58Check(text, i, end)) {
      out.add(new Finding(EntityType.CRYPTO, i, end, 0.9, name()));
    } else if ((c == 'b' || c == 'B') && len >= 14 && len <= 90 && bech32(text, i, end)) {
      out.add(new Finding(EntityType.CRYPTO, i, end, 0.9, name()));
    } else if (c == '0' && len == 42 && (text.charAt(i + 1) == 'x') && Chars.allHex(text, i + 2, end)) {
      out.add(new Finding(EntityType.CRYPTO, i, end, 0.7, name()));
    }
  }

  static boolean base58Check(CharSequence s, int from, int to) {
    byte[] bytes = new byte[25];
    for (int i = from; i < to; i++) {
      int v = BASE58.indexOf(s.charAt(i));
      if (v < 0) {
        return false;
      }
      int carry = v;
      for (int k = 24; k >= 0; k--) {
        carry += (bytes[k] & 0xff) * 58;
        bytes[k] = (byte) carry;
        carry >>>= 8;
      }
      if (carry != 0) {
        return false;
      }
    }
    int version = bytes[0] & 0xff;
    char first = s.charAt(from);
    if (!((first == '1' && version == 0x00) || (first == '3' && version == 0x05))) {
      return false;
    }
    byte[] hash = sha256(sha256(bytes, 21), 32);
    for (int k = 0; k < 4; k++) {
      if (hash[k] != bytes[21 + k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(byte[] data, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static boolean bech32(CharSequence s, int from, int to) {
    boolean lower = Chars.startsWith(s, from, "bc1");
    boolean upper = Chars.startsWith(s, from, "BC1");
    if (!lower && !upper) {
      return false;
    }
    int dataLen = to - from - 3;
    if (dataLen < 8) {
      return false;
    }
    int[] values = new int[dataLen];
    for (int i = 0; i < dataLen; i++) {
      char c = s.charAt(from + 3 + i);
      if (upper && Chars.isLower(c) || lower && Chars.isUpper(c)) {
        return false;
      }
      int v = BECH32.indexOf(Character.toLowerCase(c));
      if (v < 0) {
        return false;
      }
      values[i] = v;
    }
    int chk = polymod(polymod(1, 'b' >> 5), 'c' >> 5);
    chk = polymod(chk, 0);
    chk = polymod(polymod(chk, 'b' & 31), 'c' & 31);
    for (int v : values) {
      chk = polymod(chk, v);
    }
    int witnessVersion = values[0];
    if (witnessVersion > 16) {
      return false;
    }
    return witnessVersion == 0 ? chk == BECH32_CONST : chk == BECH32M_CONST;
  }

  private static int polymod(int chk, int v) {
    int b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; i++) {
      if (((b >>> i) & 1) != 0) {
        chk ^= GEN[i];
      }
    }
    return chk;
  }
}
