import { simulatedOpenId } from './openid';
import type { PushContext, PushKind } from './push-kind';
import type { PushMix } from './push-mix';
import { RandomSource } from './random-source';
import type { SimPush, SimTarget } from './sim-push';
import { writePushXml, bare, type XmlNode } from './xml-writer';

/** What a {@link PushGenerator} draws from. */
export interface PushGeneratorOptions {
  targets: readonly SimTarget[];
  mix: PushMix;
  /** How many distinct users each account has. */
  users: number;
  seed?: number;
  /** Milliseconds since the epoch; CreateTime is now, as WeChat writes it. */
  clock?: () => number;
}

// Two distinct events of one user in one second would have identical bodies, which the
// gateway rightly takes for a retry; a few redraws with another user avoid that.
const REDRAWS = 8;

/** Generates realistic pushes of a chosen mix of kinds, from many users of several accounts. */
export class PushGenerator {
  private readonly rng: RandomSource;
  private readonly clock: () => number;
  private readonly idBase: bigint;
  private idCounter = 0n;
  private currentSecond = '';
  private readonly seenThisSecond = new Set<string>();
  private readonly context: PushContext;

  constructor(private readonly options: PushGeneratorOptions) {
    this.rng = new RandomSource(options.seed);
    this.clock = options.clock ?? Date.now;
    // Milliseconds × 10^6 lands near 1.8 × 10^18: beyond 2^53 and unique across runs.
    this.idBase = BigInt(this.clock()) * 1_000_000n;
    this.context = { rng: this.rng, nextId: () => String(this.idBase + this.idCounter++) };
  }

  /** The next push: a random kind of the mix, from a random user of a random account. */
  next(): SimPush {
    const kind = this.options.mix.pick(this.rng);
    const target = this.rng.pick(this.options.targets);
    const createTime = String(Math.floor(this.clock() / 1000));
    if (createTime !== this.currentSecond) {
      this.currentSecond = createTime;
      this.seenThisSecond.clear();
    }

    let push = this.build(kind, target, createTime);
    for (let i = 0; i < REDRAWS && this.seenThisSecond.has(push.xml); i++) {
      push = this.build(kind, target, createTime);
    }
    this.seenThisSecond.add(push.xml);
    return push;
  }

  private build(kind: PushKind, target: SimTarget, createTime: string): SimPush {
    // Squaring skews activity towards low user numbers: a few users are very active.
    const user = Math.floor(this.rng.next() ** 2 * this.options.users);
    const openId = simulatedOpenId(target.appId, user);
    const header: XmlNode[] = [
      ['ToUserName', target.originalId],
      ['FromUserName', openId],
      ['CreateTime', bare(createTime)],
      ['MsgType', kind.msgType],
      ...(kind.event === undefined ? [] : ([['Event', kind.event]] as XmlNode[])),
    ];
    const body = kind.body(this.context);

    return {
      kind: kind.name,
      appId: target.appId,
      toUserName: target.originalId,
      openId,
      createTime,
      msgType: kind.msgType,
      event: kind.event,
      msgId: topLevelId(body),
      xml: writePushXml([...header, ...body]),
    };
  }
}

function topLevelId(body: readonly XmlNode[]): string | undefined {
  const node = body.find(([name]) => name === 'MsgId' || name === 'MsgID');
  if (!node) return undefined;
  const value = node[1];
  return typeof value === 'object' && 'bare' in value ? value.bare : undefined;
}
