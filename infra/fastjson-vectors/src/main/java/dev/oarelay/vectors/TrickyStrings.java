package dev.oarelay.vectors;

import java.util.List;
import java.util.Random;

/** Strings that break naive JSON escaping, and a random mixer of their parts. */
final class TrickyStrings {
  private TrickyStrings() {}

  static final List<String> ALL = List.of(
      "",
      "plain ascii",
      "\u4e2d\u6587\u6d4b\u8bd5\uff0c\u4f60\u597d\u3002",
      "emoji \ud83d\ude42 \ud83d\udc4d\ud83c\udffd \ud83c\udde8\ud83c\uddf3 \u200d",
      "quotes \" and 'single' and `back`",
      "back\\slash \\\\ \\u0041 \\n",
      "controls \u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f",
      "controls \u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f",
      "del \u007f c1 \u0080\u0085\u009f nbsp \u00a0",
      "</script><script>alert(1)</script>",
      "<xml><![CDATA[</xml>]]></xml>",
      "a/b//c </ <\\/ />",
      "line \u2028 paragraph \u2029 separators",
      "bom \ufeff nonchar \ufffe \uffff replacement \ufffd",
      "lone high \ud800 end",
      "lone low \udc00 end",
      "reversed pair \ude00\ud83d",
      "html & < > = ' chars",
      "crlf\r\nline\nend\r",
      "supplementary \ud840\udc0b \ud835\udc00",
      "<xml><ToUserName><![CDATA[gh_0b03a4dd7455]]></ToUserName>\n<Content><![CDATA[\u6d4b\u8bd5 \ud83d\ude00 \"q\" \\ </Content>]]></Content>\n</xml>");

  private static final String[] PARTS = {
    "a", "Z", "0", " ", "\"", "\\", "/", "<", ">", "&", "'", "=", "</", "<\\/", "\u0000", "\u0001", "\b", "\t",
    "\n", "\u000b", "\f", "\r", "\u001f", "\u007f", "\u0080", "\u009f", "\u00a0", "\u00e9", "\u2028", "\u2029",
    "\u4e2d", "\u6587", "\uff0c", "\ud83d\ude42", "\ud83c\udf89", "\ufeff", "\uffff", "\ud800", "\udfff", "]]>",
    "\\u0041", "%2F", "+"
  };

  private static final String[] KEYS = {
    "signature", "timestamp", "nonce", "openid", "encrypt_type", "msg_signature", "a", "A", "_x", "Z9", "ab", "a_b",
    "aa", "k\u4e2d", "k\"q", "k/\u2028"
  };

  static String random(Random random, int maxParts) {
    int n = random.nextInt(maxParts + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(PARTS[random.nextInt(PARTS.length)]);
    return sb.toString();
  }

  static String randomKey(Random random) {
    return KEYS[random.nextInt(KEYS.length)];
  }
}
