import { EVENT_SHAPES, MESSAGE_SHAPES } from './push-shapes';
import { assertShape } from './push-shape.validator';
import { WechatError } from './wechat-error';
import type { PushCommon, WechatPush } from './wechat-push.types';
import { parseXmlRecord, type ParseXmlOptions } from './xml-record.parser';
import type { XmlRecord } from './xml-value';

const QR_SCENE_PREFIX = 'qrscene_';

/**
 * Parses a plaintext push in one step, from XML text to a typed variant of WechatPush.
 * Throws WechatError: malformed XML, or a push without its common fields.
 */
export function parsePush(xml: string, options?: ParseXmlOptions): WechatPush {
  return pushFromRecord(parseXmlRecord(xml, options));
}

/** Types an already parsed push record (see parseXmlRecord). */
export function pushFromRecord(fields: XmlRecord): WechatPush {
  const common = readCommon(fields);

  if (common.msgType === 'event') return readEvent(common, fields);
  if (!Object.hasOwn(MESSAGE_SHAPES, common.msgType)) return typed(common, { type: 'unknown' });
  const type = common.msgType as keyof typeof MESSAGE_SHAPES;
  assertShape(fields, MESSAGE_SHAPES[type], type);
  return typed(common, { type, msgType: type });
}

/**
 * Completes the fresh `common` into its variant in place. Copying it into a new object per
 * push, as a spread does, showed up in profiles; the keys and their order are the same.
 */
function typed(common: PushCommon, variant: Variant): WechatPush {
  return Object.assign(common, variant) as WechatPush;
}

/** What tells the variants apart, on top of the common fields. */
interface Variant {
  type: WechatPush['type'];
  msgType?: string;
  event?: string;
  qrScene?: string;
}

function readEvent(common: PushCommon, fields: XmlRecord): WechatPush {
  const event = common.event;
  if (event === undefined || !Object.hasOwn(EVENT_SHAPES, event)) {
    return typed(common, { type: 'unknown' });
  }
  const name = event as keyof typeof EVENT_SHAPES;
  const type = `event.${name}` as const;
  assertShape(fields, EVENT_SHAPES[name], type);

  const eventKey = fields.EventKey;
  if (
    name === 'subscribe' &&
    typeof eventKey === 'string' &&
    eventKey.startsWith(QR_SCENE_PREFIX)
  ) {
    const qrScene = eventKey.slice(QR_SCENE_PREFIX.length);
    return typed(common, { type, msgType: 'event', event: name, qrScene });
  }
  return typed(common, { type, msgType: 'event', event: name });
}

function readCommon(fields: XmlRecord): PushCommon {
  const createTime = requireText(fields, 'CreateTime');
  if (!/^\d{1,13}$/.test(createTime)) {
    throw new WechatError('WECHAT_PUSH_INVALID', { path: 'CreateTime' });
  }
  const common: PushCommon = {
    toUserName: requireText(fields, 'ToUserName'),
    fromUserName: requireText(fields, 'FromUserName'),
    createTime,
    msgType: requireText(fields, 'MsgType'),
    fields,
  };
  const event = optionalText(fields, 'Event');
  if (event !== undefined) common.event = event;
  const msgId = optionalText(fields, 'MsgId') ?? optionalText(fields, 'MsgID');
  if (msgId !== undefined) common.msgId = msgId;
  return common;
}

function requireText(fields: XmlRecord, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new WechatError('WECHAT_PUSH_INVALID', { path: name });
  return value;
}

function optionalText(fields: XmlRecord, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new WechatError('WECHAT_PUSH_INVALID', { path: name });
  return value;
}
