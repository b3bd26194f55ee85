package dev.oarelay.vectors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The inputs of one QT request: account settings, the WeChat query parameters and the body. */
final class QtRequestCase {
  final String name;
  final String serviceId;
  final String serviceSecret;
  final String appkey;
  final String appId;
  final String ts;
  final String weChatOAData;
  final Map<String, String[]> query;

  QtRequestCase(String name, String serviceSecret, String ts, String weChatOAData, Map<String, String[]> query) {
    this.name = name;
    this.serviceId = "OA8kI9Jis7YJNh5uh";
    this.serviceSecret = serviceSecret;
    this.appkey = "9moqdsuia8hvxm7k8shf82n";
    this.appId = "wxd66151142ae9b9ae";
    this.ts = ts;
    this.weChatOAData = weChatOAData;
    this.query = query;
  }

  static QtRequestCase plainPush(String name, String xml) {
    return new QtRequestCase(name, "s3cr3t-Service", "1767225600123", xml, plainQuery());
  }

  static List<QtRequestCase> handPicked() {
    List<QtRequestCase> cases = new ArrayList<>();
    String demoXml = "<xml><ToUserName><![CDATA[gh_0b03a4dd7455]]></ToUserName>\n"
        + "<FromUserName><![CDATA[o884561i2yjDrOhC6IqzEzXtPKUo]]></FromUserName>\n"
        + "<CreateTime>1676613107</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n"
        + "<Content><![CDATA[\u6d4b\u8bd5]]></Content>\n<MsgId>24003327368861869</MsgId>\n</xml>";
    cases.add(new QtRequestCase("reference example", "ServiceSecretExample", "1659493170125", demoXml, plainQuery()));
    cases.add(new QtRequestCase("no query parameters", "ServiceSecretExample", "1659493170125", demoXml,
        new LinkedHashMap<>()));
    Map<String, String[]> safe = plainQuery();
    safe.put("encrypt_type", new String[] {"aes"});
    safe.put("msg_signature", new String[] {"003fee52ecc56afb46c49d4d2b29ee8e1d1e1d4d"});
    String encrypted = "<xml><ToUserName><![CDATA[gh_0b03a4dd7455]]></ToUserName>\n"
        + "<Encrypt><![CDATA[hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=]]></Encrypt>\n"
        + "</xml>";
    cases.add(new QtRequestCase("safe mode ciphertext body", "ServiceSecretExample", "1659493170125", encrypted, safe));
    Map<String, String[]> repeated = plainQuery();
    repeated.put("nonce", new String[] {"1506183051", "1506183052"});
    repeated.put("x", new String[] {"a", "", "\u4e2d"});
    cases.add(new QtRequestCase("repeated query parameter becomes an array", "sec", "1", demoXml, repeated));
    cases.add(new QtRequestCase("non-ASCII service secret", "\u5bc6\u94a5\ud83d\udd11\"\\", "1659493170125",
        demoXml, plainQuery()));
    int i = 0;
    for (String s : TrickyStrings.ALL) {
      Map<String, String[]> query = plainQuery();
      query.put("extra", new String[] {s});
      cases.add(new QtRequestCase("tricky string " + i++, "secret", "1700000000000", "<xml>" + s + "</xml>", query));
    }
    return cases;
  }

  static QtRequestCase random(Random random, int index) {
    Map<String, String[]> query = new LinkedHashMap<>();
    int keys = random.nextInt(5);
    for (int k = 0; k < keys; k++) {
      int values = 1 + (random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 0);
      String[] v = new String[values];
      for (int j = 0; j < values; j++) v[j] = TrickyStrings.random(random, 8);
      query.put(TrickyStrings.randomKey(random), v);
    }
    String body = "<xml><Content><![CDATA[" + TrickyStrings.random(random, 60) + "]]></Content></xml>";
    String ts = Long.toString(1_600_000_000_000L + random.nextInt(1_000_000_000));
    return new QtRequestCase("random " + index, TrickyStrings.random(random, 6) + "k", ts, body, query);
  }

  private static Map<String, String[]> plainQuery() {
    Map<String, String[]> query = new LinkedHashMap<>();
    query.put("signature", new String[] {"1cd3e4b7f5a3c1c1b8f4f9ad1b8b7c5d2e1f0a9b"});
    query.put("timestamp", new String[] {"1676613107"});
    query.put("nonce", new String[] {"1506183051"});
    query.put("openid", new String[] {"o884561i2yjDrOhC6IqzEzXtPKUo"});
    return query;
  }
}
