package dev.oarelay.vectors;

import java.util.List;
import java.util.Map;

/**
 * Writes the vectors file itself. Deliberately not fastjson: every code unit outside printable
 * ASCII is written as a backslash-u escape, so lone surrogates, U+2028 and control characters
 * reach the TypeScript side exactly, whatever the reader's own JSON quirks.
 */
final class AsciiJsonWriter {
  private final StringBuilder out = new StringBuilder();

  static String write(Object value) {
    AsciiJsonWriter writer = new AsciiJsonWriter();
    writer.value(value, "");
    return writer.out.append('\n').toString();
  }

  private void value(Object value, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      object(map, indent);
    } else if (value instanceof List<?> list) {
      array(list, indent);
    } else if (value instanceof String[] strings) {
      array(List.of(strings), indent);
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass());
    }
  }

  private void object(Map<?, ?> map, String indent) {
    String inner = indent + "  ";
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.append(first ? "\n" : ",\n").append(inner);
      string((String) entry.getKey());
      out.append(": ");
      value(entry.getValue(), inner);
      first = false;
    }
    out.append(first ? "}" : "\n" + indent + "}");
  }

  private void array(List<?> list, String indent) {
    boolean flat = list.stream().allMatch(v -> !(v instanceof Map));
    String inner = indent + "  ";
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) out.append(flat ? ", " : ",");
      if (!flat) out.append('\n').append(inner);
      value(list.get(i), inner);
    }
    out.append(!flat && !list.isEmpty() ? "\n" + indent + "]" : "]");
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    out.append('"');
  }
}
