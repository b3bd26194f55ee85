package dev.oarelay.vectors;

import java.security.MessageDigest;

/**
 * The MD5 routine of QT's Java demo (section 3.5 of the reference), kept equivalent on
 * purpose: it hashes {@code s.getBytes()}, the platform default charset, which generate.sh
 * pins to UTF-8, and prints lower-case hex.
 */
final class Md5Util {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Md5Util() {}

  static String md5(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(s.getBytes());
      char[] out = new char[digest.length * 2];
      for (int i = 0; i < digest.length; i++) {
        out[2 * i] = HEX[digest[i] >>> 4 & 0xf];
        out[2 * i + 1] = HEX[digest[i] & 0xf];
      }
      return new String(out);
    } catch (Exception e) {
      return null;
    }
  }
}
