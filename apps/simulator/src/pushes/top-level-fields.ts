const TOKEN = /<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)/g;

/**
 * The text of the `<xml>` root's direct children that hold text (`FromUserName`, `CreateTime`,
 * a top-level `MsgId` …), ignoring nested elements. Enough for the simulator's own bookkeeping
 * of pushes WeChat-style XML; the protocol library does the real parsing.
 */
export function topLevelFields(xml: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let depth = 0;
  let current: string | undefined;
  let text = '';
  for (const token of xml.matchAll(TOKEN)) {
    const [, cdata, closing, name, selfClosing, bare] = token;
    if (name === undefined) {
      if (depth === 2) text += cdata ?? bare;
    } else if (selfClosing) {
      continue;
    } else if (closing) {
      if (depth === 2 && current !== undefined && !(current in fields))
        fields[current] = text.trim();
      depth--;
    } else {
      depth++;
      if (depth === 2) {
        current = name;
        text = '';
      }
    }
  }
  return fields;
}
