import type { EVENT_SHAPES, MESSAGE_SHAPES } from './push-shapes';
import type { XmlRecord } from './xml-value';

/** The TypeScript value of a shape: text, a record of optional fields, or a list. */
export type ShapeValue<S> = S extends 'text'
  ? string
  : S extends readonly [infer Item]
    ? ShapeValue<Item>[]
    : ShapeFields<S>;

/** A record shape's fields, each optional, on top of every other element as parsed. */
export type ShapeFields<S> = XmlRecord & { -readonly [K in keyof S]?: ShapeValue<S[K]> };

/** MsgType of an ordinary message this library models. */
export type MessageType = keyof typeof MESSAGE_SHAPES;

/** Event name (as WeChat spells it) this library models. */
export type EventName = keyof typeof EVENT_SHAPES;

/** What every push carries, whatever its type. CreateTime stays text, in seconds. */
export interface PushCommon {
  toUserName: string;
  fromUserName: string;
  createTime: string;
  msgType: string;
  event?: string;
  /** `MsgId` of a message, or `MsgID` of a send-finish event: ids beyond 2^53, as text. */
  msgId?: string;
  /** Every element of the push as parsed, including those modelled above. */
  fields: XmlRecord;
}

/** An ordinary message, e.g. `type: 'text'`. */
export type WechatMessage = {
  [M in MessageType]: PushCommon & {
    type: M;
    msgType: M;
    fields: ShapeFields<(typeof MESSAGE_SHAPES)[M]>;
  };
}[MessageType];

/** An event, e.g. `type: 'event.CLICK'`; a follow through a QR code also has `qrScene`. */
export type WechatEvent = {
  [E in EventName]: PushCommon & {
    type: `event.${E}`;
    msgType: 'event';
    event: E;
    fields: ShapeFields<(typeof EVENT_SHAPES)[E]>;
  } & (E extends 'subscribe' ? { qrScene?: string } : unknown);
}[EventName];

/** A push of a type this library does not model: every field kept, not an error. */
export interface UnknownPush extends PushCommon {
  type: 'unknown';
}

/** Any push, discriminated on `type`; plain JSON, safe to publish as it is. */
export type WechatPush = WechatMessage | WechatEvent | UnknownPush;

/** The discriminant of {@link WechatPush}. */
export type WechatPushType = WechatPush['type'];
