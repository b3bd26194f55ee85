import type { PushContext, PushKind } from './push-kind';
import { ID_ALPHABET, type RandomSource } from './random-source';
import { bare, type XmlNode } from './xml-writer';

const TEXTS = [
  '你好，想了解会员权益 🙂',
  '请问今天营业到几点？',
  '订单 20260101-8823 什么时候发货',
  '发票怎么开',
  'Hello, do you ship to Hong Kong?',
  '优惠券用不了 😢',
  '👍',
  '退货地址是哪里？',
  '<b>not html</b> & "quotes" ]]> end',
  '会员积分能换什么？\n第二行',
];
const TITLES = ['春季新品发布', '会员日活动', 'Store opening hours', '新品预告｜限时折扣'];
const PLACES: readonly (readonly [number, number, string])[] = [
  [31.230416, 121.473701, '上海市黄浦区人民广场'],
  [39.908823, 116.39747, '北京市东城区天安门广场'],
  [22.543096, 114.057865, '广东省深圳市福田区市民中心'],
  [30.274084, 120.15507, '浙江省杭州市上城区西湖'],
];

/** A media id as WeChat writes them: 64 url-safe characters. */
export function mediaId(rng: RandomSource): string {
  return rng.chars(64, ID_ALPHABET);
}

function fromArticle(ctx: PushContext): XmlNode[] {
  return [
    ['MsgDataId', bare(ctx.rng.int(2247483000, 2247499999))],
    ['Idx', bare(ctx.rng.int(1, 8))],
  ];
}

function msgId(ctx: PushContext): XmlNode {
  return ['MsgId', bare(ctx.nextId())];
}

function near(rng: RandomSource): readonly [string, string, string] {
  const [lat, lng, label] = rng.pick(PLACES);
  const jitter = () => (rng.next() - 0.5) / 50;
  return [(lat + jitter()).toFixed(6), (lng + jitter()).toFixed(6), label];
}

/** Ordinary messages a user sends to the account. */
export const MESSAGE_KINDS: readonly PushKind[] = [
  {
    name: 'msg-text',
    msgType: 'text',
    body: (ctx) => [['Content', ctx.rng.pick(TEXTS)], msgId(ctx)],
  },
  {
    name: 'msg-text-from-article',
    msgType: 'text',
    body: (ctx) => [['Content', ctx.rng.pick(TEXTS)], msgId(ctx), ...fromArticle(ctx)],
  },
  {
    name: 'msg-image',
    msgType: 'image',
    body: (ctx) => [
      ['PicUrl', `http://mmbiz.qpic.cn/mmbiz_jpg/${ctx.rng.chars(40, ID_ALPHABET)}/0`],
      ['MediaId', mediaId(ctx.rng)],
      msgId(ctx),
    ],
  },
  {
    name: 'msg-voice',
    msgType: 'voice',
    body: (ctx) => [
      ['MediaId', mediaId(ctx.rng)],
      ['Format', ctx.rng.pick(['amr', 'speex'])],
      ['Recognition', ctx.rng.pick(['明天上午十点开门吗', '帮我查一下快递', ''])],
      msgId(ctx),
    ],
  },
  {
    name: 'msg-video',
    msgType: 'video',
    body: (ctx) => [['MediaId', mediaId(ctx.rng)], ['ThumbMediaId', mediaId(ctx.rng)], msgId(ctx)],
  },
  {
    name: 'msg-shortvideo',
    msgType: 'shortvideo',
    body: (ctx) => [['MediaId', mediaId(ctx.rng)], ['ThumbMediaId', mediaId(ctx.rng)], msgId(ctx)],
  },
  {
    name: 'msg-location',
    msgType: 'location',
    body: (ctx) => {
      const [x, y, label] = near(ctx.rng);
      return [
        ['Location_X', bare(x)],
        ['Location_Y', bare(y)],
        ['Scale', bare(ctx.rng.int(5, 20))],
        ['Label', label],
        msgId(ctx),
      ];
    },
  },
  {
    name: 'msg-link',
    msgType: 'link',
    body: (ctx) => [
      ['Title', ctx.rng.pick(TITLES)],
      ['Description', '点击查看详情'],
      ['Url', `https://mp.weixin.qq.com/s/${ctx.rng.chars(22, ID_ALPHABET)}?from=oa&id=7`],
      msgId(ctx),
    ],
  },
];

/** A random point near a big Chinese city: latitude, longitude and a place name. */
export const randomPlace = near;
