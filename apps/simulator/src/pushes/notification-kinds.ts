import type { PushContext, PushKind } from './push-kind';
import { ID_ALPHABET, type RandomSource } from './random-source';
import { bare, type XmlNode } from './xml-writer';

const TEMPLATES = ['tmpl_order_shipped_0001', 'tmpl_member_points_0002', 'tmpl_coupon_expiry_0003'];
const SENT_ERRORS: readonly (readonly [string, string])[] = [
  ['0', 'success'],
  ['0', 'success'],
  ['43101', 'failed:user refuse to accept the msg'],
  ['43107', 'failed:system failed'],
];

function articleUrl(rng: RandomSource): string {
  return `https://mp.weixin.qq.com/s/${rng.chars(22, ID_ALPHABET)}`;
}

function times<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i + 1));
}

function massSendFinish({ rng, nextId }: PushContext): XmlNode[] {
  const total = rng.int(100, 200000);
  const filtered = total - rng.int(0, Math.floor(total / 50));
  const errors = rng.int(0, Math.floor(filtered / 100));
  const copyrightItems = times<XmlNode>(rng.int(0, 2), (idx) => [
    'item',
    [
      ['ArticleIdx', bare(idx)],
      ['UserDeclareState', bare(0)],
      ['AuditState', bare(2)],
      ['OriginalArticleUrl', articleUrl(rng)],
      ['OriginalArticleType', bare(1)],
      ['CanReprint', bare(1)],
      ['NeedReplaceContent', bare(1)],
      ['NeedShowReprintSource', bare(1)],
    ],
  ]);
  const urlItems = times<XmlNode>(rng.int(1, 3), (idx) => [
    'item',
    [
      ['ArticleIdx', bare(idx)],
      ['ArticleUrl', articleUrl(rng)],
    ],
  ]);
  return [
    ['MsgID', bare(nextId())],
    ['Status', rng.chance(0.95) ? 'send success' : 'send fail'],
    ['TotalCount', bare(total)],
    ['FilterCount', bare(filtered)],
    ['SentCount', bare(filtered - errors)],
    ['ErrorCount', bare(errors)],
    [
      'CopyrightCheckResult',
      [
        ['Count', bare(copyrightItems.length)],
        ['ResultList', copyrightItems],
        ['CheckState', bare(copyrightItems.length === 0 ? 1 : 2)],
      ],
    ],
    [
      'ArticleUrlResult',
      [
        ['Count', bare(urlItems.length)],
        ['ResultList', urlItems],
      ],
    ],
  ];
}

function publishJobFinish({ rng, nextId }: PushContext): XmlNode[] {
  const failed = rng.chance(0.2);
  const info: XmlNode[] = [
    ['publish_id', bare(nextId())],
    ['publish_status', bare(failed ? rng.pick([2, 3]) : 0)],
  ];
  if (failed) {
    info.push(...times<XmlNode>(rng.int(1, 2), (idx) => ['fail_idx', bare(idx)]));
  } else {
    const items = times<XmlNode>(rng.int(1, 3), (idx) => [
      'item',
      [
        ['idx', bare(idx)],
        ['article_url', articleUrl(rng)],
      ],
    ]);
    info.push(['article_id', rng.chars(38, ID_ALPHABET)]);
    info.push(['article_detail', [['count', bare(items.length)], ...items]]);
  }
  return [['PublishEventInfo', info]];
}

function popup({ rng }: PushContext): XmlNode[] {
  const scene = rng.pick([0, 1, 2]);
  const lists = times<XmlNode>(rng.int(1, 3), (i) => [
    'List',
    [
      ['TemplateId', TEMPLATES[(i - 1) % TEMPLATES.length]],
      ['SubscribeStatusString', rng.pick(['accept', 'reject'])],
      ['PopupScene', bare(scene)],
    ],
  ]);
  return [['SubscribeMsgPopupEvent', lists]];
}

function change({ rng }: PushContext): XmlNode[] {
  const lists = times<XmlNode>(rng.int(1, 2), (i) => [
    'List',
    [
      ['TemplateId', TEMPLATES[i - 1]],
      ['SubscribeStatusString', 'reject'],
    ],
  ]);
  return [['SubscribeMsgChangeEvent', lists]];
}

function sent({ rng, nextId }: PushContext): XmlNode[] {
  const lists = times<XmlNode>(rng.int(1, 2), (i) => {
    const [code, status] = rng.pick(SENT_ERRORS);
    return [
      'List',
      [
        ['TemplateId', TEMPLATES[i - 1]],
        ['MsgID', bare(nextId())],
        ['ErrorCode', bare(code)],
        ['ErrorStatus', status],
      ],
    ];
  });
  return [['SubscribeMsgSentEvent', lists]];
}

/** Results of what the account sent: template, mass and published messages, subscriptions. */
export const NOTIFICATION_KINDS: readonly PushKind[] = [
  {
    name: 'event-template-send-finish',
    msgType: 'event',
    event: 'TEMPLATESENDJOBFINISH',
    body: ({ nextId }) => [
      ['MsgID', bare(nextId())],
      ['Status', 'success'],
    ],
  },
  {
    name: 'event-template-send-finish-blocked',
    msgType: 'event',
    event: 'TEMPLATESENDJOBFINISH',
    body: ({ rng, nextId }) => [
      ['MsgID', bare(nextId())],
      ['Status', rng.pick(['failed:user block', 'failed: system failed'])],
    ],
  },
  {
    name: 'event-mass-send-finish',
    msgType: 'event',
    event: 'MASSSENDJOBFINISH',
    body: massSendFinish,
  },
  {
    name: 'event-publish-job-finish',
    msgType: 'event',
    event: 'PUBLISHJOBFINISH',
    body: publishJobFinish,
  },
  {
    name: 'event-subscribe-msg-popup',
    msgType: 'event',
    event: 'subscribe_msg_popup_event',
    body: popup,
  },
  {
    name: 'event-subscribe-msg-change',
    msgType: 'event',
    event: 'subscribe_msg_change_event',
    body: change,
  },
  {
    name: 'event-subscribe-msg-sent',
    msgType: 'event',
    event: 'subscribe_msg_sent_event',
    body: sent,
  },
];
