import type { RandomSource } from './random-source';
import type { XmlNode } from './xml-writer';

/** What a kind's body builder may draw on. */
export interface PushContext {
  readonly rng: RandomSource;
  /** A fresh id unique within the run and beyond 2^53, as WeChat's MsgId and MsgID are. */
  readonly nextId: () => string;
}

/** One kind of push the simulator generates, named after its sample in ../shared/samples. */
export interface PushKind {
  readonly name: string;
  readonly msgType: string;
  readonly event?: string;
  /** The elements after the common header (ToUserName … MsgType, Event), in WeChat's order. */
  body(ctx: PushContext): XmlNode[];
}
