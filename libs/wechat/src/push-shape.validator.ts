import type { RecordShape, Shape } from './push-shapes';
import { WechatError } from './wechat-error';
import type { XmlRecord, XmlValue } from './xml-value';

/**
 * Checks that each modelled field present in `record` has its documented shape, so that the
 * typed variants never lie; unmodelled fields pass untouched.
 */
export function assertShape(record: XmlRecord, shape: RecordShape, type: string): void {
  const path = recordMismatch(record, shape);
  if (path !== undefined) throw new WechatError('WECHAT_PUSH_INVALID', { type, path });
}

/**
 * The path of the first field that breaks its shape, or undefined. The path is put together
 * on the way back from a mismatch only, so that a valid push builds no strings.
 */
function recordMismatch(record: XmlRecord, shape: RecordShape): string | undefined {
  for (const name of Object.keys(shape)) {
    const value = record[name];
    if (value === undefined) continue;
    const rest = mismatch(value, shape[name]);
    if (rest !== undefined) return `${name}${rest}`;
  }
  return undefined;
}

/** Where `value` breaks `shape`, relative to it: '' for the value itself, undefined if fine. */
function mismatch(value: XmlValue, shape: Shape): string | undefined {
  if (shape === 'text') return typeof value === 'string' ? undefined : '';
  if (isListShape(shape)) {
    if (!Array.isArray(value)) return '';
    for (let i = 0; i < value.length; i++) {
      const rest = mismatch(value[i], shape[0]);
      if (rest !== undefined) return `[${i}]${rest}`;
    }
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return '';
  const rest = recordMismatch(value, shape);
  return rest === undefined ? undefined : `.${rest}`;
}

function isListShape(shape: Shape): shape is readonly [Shape] {
  return Array.isArray(shape);
}
