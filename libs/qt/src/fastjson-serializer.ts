/**
 * A byte-exact stand-in for fastjson 1.2.83's
 * `JSONObject.toJSONString(map, SerializerFeature.MapSortField)` over string values, which QT
 * signs. Every rule below was read off the real library (infra/fastjson-vectors), not guessed:
 * C0 controls other than \b \t \n \f \r, DEL and the C1 controls become `\u00XX` with
 * upper-case hex; U+2028 and U+2029 are escaped; `/`, `</`, non-ASCII, emoji and even lone
 * surrogates are written as they are.
 */

/** A value QT's request map can hold: a string, or the strings of a repeated query name. */
export type FastjsonValue = string | readonly string[];

/** A flat map of request fields, as the Java demo puts them in its JSONObject. */
export type FastjsonMap = Readonly<Record<string, FastjsonValue>>;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\f': '\\f',
  '\r': '\\r',
};

// Everything fastjson escapes: C0 controls, quote, backslash, DEL..U+009F, U+2028, U+2029.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\u009f\u2028\u2029]/g;

function escapeChar(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A JSON string literal exactly as fastjson writes it. */
export function fastjsonString(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE, escapeChar)}"`;
}

function fastjsonValue(value: FastjsonValue): string {
  if (typeof value === 'string') return fastjsonString(value);
  return `[${value.map(fastjsonString).join(',')}]`;
}

/**
 * The JSON fastjson writes for a map with MapSortField: keys in Java's `String.compareTo`
 * order, which is UTF-16 code unit order, the same as JavaScript's default sort.
 */
export function serializeFastjsonSorted(map: FastjsonMap): string {
  const keys = Object.keys(map).sort();
  const members = keys.map((key) => `${fastjsonString(key)}:${fastjsonValue(map[key])}`);
  return `{${members.join(',')}}`;
}
