import { randomPlace } from './message-kinds';
import type { PushContext, PushKind } from './push-kind';
import { ID_ALPHABET, type RandomSource } from './random-source';
import { bare, type XmlNode } from './xml-writer';

const MENU_KEYS = ['MENU_MEMBER_CARD', 'MENU_COUPON', 'MENU_CONTACT', 'MENU_NEW_ARRIVALS'];
const MENU_URLS = [
  'https://shop.example.com/member',
  'https://shop.example.com/orders?tab=all',
  'https://shop.example.com/stores',
];
const MINI_PAGES = ['pages/index/index', 'pages/member/card?from=menu', 'pages/coupon/list'];
const SCANS: readonly (readonly [string, string])[] = [
  ['qrcode', 'https://shop.example.com/coupon/88'],
  ['qrcode', 'WIFI:S:Store-Guest;T:WPA;P:welcome2026;;'],
  ['barcode', 'EAN_13,6901234567892'],
  ['barcode', 'CODE_128,SN00918273'],
];

function ticket(rng: RandomSource): string {
  return `gQ${rng.chars(94, ID_ALPHABET)}`;
}

function menuId(rng: RandomSource): XmlNode {
  return ['MenuId', bare(rng.int(400000000, 499999999))];
}

function pics(key: string, max: number) {
  return (ctx: PushContext): XmlNode[] => {
    const count = ctx.rng.int(1, max);
    const items: XmlNode[] = [];
    for (let i = 0; i < count; i++) items.push(['item', [['PicMd5Sum', ctx.rng.hex(32)]]]);
    return [
      ['EventKey', key],
      [
        'SendPicsInfo',
        [
          ['Count', bare(count)],
          ['PicList', items],
        ],
      ],
    ];
  };
}

function scanCode(key: string) {
  return ({ rng }: PushContext): XmlNode[] => {
    const [type, result] = rng.pick(SCANS);
    return [
      ['EventKey', key],
      [
        'ScanCodeInfo',
        [
          ['ScanType', type],
          ['ScanResult', result],
        ],
      ],
    ];
  };
}

/** Following, scanning, location reports and every kind of menu event. */
export const MENU_EVENT_KINDS: readonly PushKind[] = [
  { name: 'event-subscribe', msgType: 'event', event: 'subscribe', body: () => [['EventKey', '']] },
  {
    name: 'event-subscribe-scan',
    msgType: 'event',
    event: 'subscribe',
    body: ({ rng }) => [
      ['EventKey', `qrscene_store_${rng.int(1, 9999)}`],
      ['Ticket', ticket(rng)],
    ],
  },
  {
    name: 'event-unsubscribe',
    msgType: 'event',
    event: 'unsubscribe',
    body: () => [['EventKey', '']],
  },
  {
    name: 'event-scan',
    msgType: 'event',
    event: 'SCAN',
    body: ({ rng }) => [
      ['EventKey', String(rng.int(1, 100000))],
      ['Ticket', ticket(rng)],
    ],
  },
  {
    name: 'event-location',
    msgType: 'event',
    event: 'LOCATION',
    body: ({ rng }) => {
      const [lat, lng] = randomPlace(rng);
      return [
        ['Latitude', bare(lat)],
        ['Longitude', bare(lng)],
        ['Precision', bare(rng.decimal(10, 200, 6))],
      ];
    },
  },
  {
    name: 'event-click',
    msgType: 'event',
    event: 'CLICK',
    body: ({ rng }) => [['EventKey', rng.pick(MENU_KEYS)]],
  },
  {
    name: 'event-view',
    msgType: 'event',
    event: 'VIEW',
    body: ({ rng }) => [['EventKey', rng.pick(MENU_URLS)], menuId(rng)],
  },
  {
    name: 'event-view-miniprogram',
    msgType: 'event',
    event: 'view_miniprogram',
    body: ({ rng }) => [['EventKey', rng.pick(MINI_PAGES)], menuId(rng)],
  },
  {
    name: 'event-scancode-push',
    msgType: 'event',
    event: 'scancode_push',
    body: scanCode('MENU_SCAN_PUSH'),
  },
  {
    name: 'event-scancode-waitmsg',
    msgType: 'event',
    event: 'scancode_waitmsg',
    body: scanCode('MENU_SCAN_WAIT'),
  },
  {
    name: 'event-pic-sysphoto',
    msgType: 'event',
    event: 'pic_sysphoto',
    body: pics('MENU_PHOTO', 1),
  },
  {
    name: 'event-pic-photo-or-album',
    msgType: 'event',
    event: 'pic_photo_or_album',
    body: pics('MENU_ALBUM', 9),
  },
  {
    name: 'event-pic-weixin',
    msgType: 'event',
    event: 'pic_weixin',
    body: pics('MENU_WX_ALBUM', 9),
  },
  {
    name: 'event-location-select',
    msgType: 'event',
    event: 'location_select',
    body: ({ rng }) => {
      const [x, y, label] = randomPlace(rng);
      const info: XmlNode[] = [
        ['Location_X', x],
        ['Location_Y', y],
        ['Scale', String(rng.int(5, 20))],
        ['Label', label],
        ['Poiname', rng.pick(['第一百货', '星巴克', '', '地铁站'])],
      ];
      return [
        ['EventKey', 'MENU_LOCATION'],
        ['SendLocationInfo', info],
      ];
    },
  },
];
