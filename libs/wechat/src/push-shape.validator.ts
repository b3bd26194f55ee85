import type { RecordShape, Shape } from './push-shapes';
import { WechatError } from './wechat-error';
import type { XmlRecord, XmlValue } from './xml-value';

/**
 * Checks that each modelled field present in `record` has its documented shape, so that the
 * typed variants never lie; unmodelled fields pass untouched.
 */
export function assertShape(record: XmlRecord, shape: RecordShape, type: string): void {
  checkRecord(record, shape, type, '');
}

function checkRecord(record: XmlRecord, shape: RecordShape, type: string, path: string): void {
  for (const name of Object.keys(shape)) {
    const value = record[name];
    if (value !== undefined) check(value, shape[name], type, `${path}${name}`);
  }
}

function check(value: XmlValue, shape: Shape, type: string, path: string): void {
  if (shape === 'text') {
    if (typeof value !== 'string') fail(type, path);
    return;
  }
  if (isListShape(shape)) {
    if (!Array.isArray(value)) return fail(type, path);
    value.forEach((item, i) => check(item, shape[0], type, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return fail(type, path);
  checkRecord(value, shape, type, `${path}.`);
}

function isListShape(shape: Shape): shape is readonly [Shape] {
  return Array.isArray(shape);
}

function fail(type: string, path: string): never {
  throw new WechatError('WECHAT_PUSH_INVALID', { type, path });
}
