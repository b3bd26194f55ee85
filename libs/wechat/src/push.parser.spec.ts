import { parsePush } from './push.parser';
import { loadSamplePushes } from './sample-fixtures';
import { WechatError } from './wechat-error';
import type { WechatPush } from './wechat-push.types';

const samples = new Map(loadSamplePushes().map((s) => [s.name, s.xml]));
const USER = 'oSAMPLEuser00000000000000001';

/** Each sample's variant and the fields that matter for Quick Tracking's event table. */
const expected: Record<string, { type: string; check: (push: WechatPush) => void }> = {
  'msg-text.xml': {
    type: 'text',
    check: (p) =>
      expect(p.fields).toMatchObject({
        Content: '你好，想了解会员权益 🙂',
        MsgId: '24903327368861869',
      }),
  },
  'msg-text-from-article.xml': {
    type: 'text',
    check: (p) => expect(p.fields).toMatchObject({ MsgDataId: '2247483652', Idx: '2' }),
  },
  'msg-image.xml': {
    type: 'image',
    check: (p) =>
      expect(p.fields).toMatchObject({
        PicUrl: 'https://mmbiz.example.invalid/pic/abc123',
        MediaId: 'media_id_image_0001',
      }),
  },
  'msg-voice.xml': {
    type: 'voice',
    check: (p) =>
      expect(p.fields).toMatchObject({ Format: 'amr', Recognition: '明天上午十点开门吗' }),
  },
  'msg-video.xml': {
    type: 'video',
    check: (p) => expect(p.fields).toMatchObject({ ThumbMediaId: 'thumb_media_id_0001' }),
  },
  'msg-shortvideo.xml': {
    type: 'shortvideo',
    check: (p) => expect(p.fields).toMatchObject({ MediaId: 'media_id_short_0001' }),
  },
  'msg-location.xml': {
    type: 'location',
    check: (p) =>
      expect(p.fields).toMatchObject({
        Location_X: '31.230416',
        Scale: '16',
        Label: '上海市黄浦区人民广场',
      }),
  },
  'msg-link.xml': {
    type: 'link',
    check: (p) =>
      expect(p.fields).toMatchObject({
        Title: '春季新品发布',
        Url: 'https://shop.example.invalid/spring?from=oa&id=7',
      }),
  },
  'event-subscribe.xml': {
    type: 'event.subscribe',
    check: (p) => {
      expect(p.fields.EventKey).toBeUndefined();
      expect(p).not.toHaveProperty('qrScene');
    },
  },
  'event-subscribe-scan.xml': {
    type: 'event.subscribe',
    check: (p) =>
      expect(p).toMatchObject({
        qrScene: 'store_0042',
        fields: {
          EventKey: 'qrscene_store_0042',
          Ticket: 'gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL2tIV',
        },
      }),
  },
  'event-unsubscribe.xml': {
    type: 'event.unsubscribe',
    check: (p) => expect(p.event).toBe('unsubscribe'),
  },
  'event-scan.xml': {
    type: 'event.SCAN',
    check: (p) =>
      expect(p.fields).toMatchObject({ EventKey: '123456', Ticket: expect.any(String) }),
  },
  'event-location.xml': {
    type: 'event.LOCATION',
    check: (p) =>
      expect(p.fields).toMatchObject({
        Latitude: '31.230416',
        Longitude: '121.473701',
        Precision: '65.000000',
      }),
  },
  'event-click.xml': {
    type: 'event.CLICK',
    check: (p) => expect(p.fields.EventKey).toBe('MENU_MEMBER_CARD'),
  },
  'event-view.xml': {
    type: 'event.VIEW',
    check: (p) =>
      expect(p.fields).toMatchObject({
        EventKey: 'https://shop.example.invalid/member',
        MenuId: '412365870',
      }),
  },
  'event-view-miniprogram.xml': {
    type: 'event.view_miniprogram',
    check: (p) =>
      expect(p.fields).toMatchObject({ EventKey: 'pages/index/index', MenuId: '412365870' }),
  },
  'event-scancode-push.xml': {
    type: 'event.scancode_push',
    check: (p) =>
      expect(p.fields.ScanCodeInfo).toEqual({
        ScanType: 'qrcode',
        ScanResult: 'https://shop.example.invalid/coupon/88',
      }),
  },
  'event-scancode-waitmsg.xml': {
    type: 'event.scancode_waitmsg',
    check: (p) =>
      expect(p.fields.ScanCodeInfo).toEqual({
        ScanType: 'barcode',
        ScanResult: 'EAN_13,6901234567892',
      }),
  },
  'event-pic-sysphoto.xml': {
    type: 'event.pic_sysphoto',
    check: (p) =>
      expect(p.fields.SendPicsInfo).toEqual({
        Count: '1',
        PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] },
      }),
  },
  'event-pic-photo-or-album.xml': {
    type: 'event.pic_photo_or_album',
    check: (p) =>
      expect(p.fields.SendPicsInfo).toMatchObject({
        Count: '2',
        PicList: {
          item: [
            { PicMd5Sum: '5a75aaca956d97be686719218f275c6b' },
            { PicMd5Sum: '8ab0f3a4b6e9c2d1e0f1a2b3c4d5e6f7' },
          ],
        },
      }),
  },
  'event-pic-weixin.xml': {
    type: 'event.pic_weixin',
    check: (p) =>
      expect(p.fields.SendPicsInfo).toMatchObject({
        PicList: { item: [{ PicMd5Sum: '0c3a1b2d4e5f60718293a4b5c6d7e8f9' }] },
      }),
  },
  'event-location-select.xml': {
    type: 'event.location_select',
    check: (p) =>
      expect(p.fields.SendLocationInfo).toEqual({
        Location_X: '31.230416',
        Location_Y: '121.473701',
        Scale: '15',
        Label: '上海市黄浦区南京东路',
        Poiname: '第一百货',
      }),
  },
  'event-template-send-finish.xml': {
    type: 'event.TEMPLATESENDJOBFINISH',
    check: (p) =>
      expect(p).toMatchObject({
        msgId: '3187016220',
        fields: { MsgID: '3187016220', Status: 'success' },
      }),
  },
  'event-template-send-finish-blocked.xml': {
    type: 'event.TEMPLATESENDJOBFINISH',
    check: (p) => expect(p.fields.Status).toBe('failed:user block'),
  },
  'event-mass-send-finish.xml': {
    type: 'event.MASSSENDJOBFINISH',
    check: (p) => {
      expect(p.fields).toMatchObject({
        MsgID: '1000001625',
        Status: 'send success',
        TotalCount: '1200',
        FilterCount: '1180',
        SentCount: '1175',
        ErrorCount: '5',
      });
      expect(p.fields.CopyrightCheckResult).toMatchObject({
        Count: '1',
        CheckState: '2',
        ResultList: {
          item: [{ ArticleIdx: '1', OriginalArticleUrl: 'Url_1', NeedShowReprintSource: '1' }],
        },
      });
      expect(p.fields.ArticleUrlResult).toEqual({
        Count: '1',
        ResultList: {
          item: [{ ArticleIdx: '1', ArticleUrl: 'https://mp.example.invalid/s/article1' }],
        },
      });
    },
  },
  'event-publish-job-finish.xml': {
    type: 'event.PUBLISHJOBFINISH',
    check: (p) =>
      expect(p.fields.PublishEventInfo).toEqual({
        publish_id: '2247503051',
        publish_status: '0',
        article_id: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvy',
        article_detail: {
          count: '1',
          item: [{ idx: '1', article_url: 'https://mp.example.invalid/s/published1' }],
        },
      }),
  },
  'event-subscribe-msg-popup.xml': {
    type: 'event.subscribe_msg_popup_event',
    check: (p) =>
      expect(p.fields.SubscribeMsgPopupEvent).toEqual({
        List: [
          { TemplateId: 'tmpl_popup_0001', SubscribeStatusString: 'accept', PopupScene: '2' },
          { TemplateId: 'tmpl_popup_0002', SubscribeStatusString: 'reject', PopupScene: '2' },
        ],
      }),
  },
  'event-subscribe-msg-change.xml': {
    type: 'event.subscribe_msg_change_event',
    check: (p) =>
      expect(p.fields.SubscribeMsgChangeEvent).toEqual({
        List: [{ TemplateId: 'tmpl_popup_0001', SubscribeStatusString: 'reject' }],
      }),
  },
  'event-subscribe-msg-sent.xml': {
    type: 'event.subscribe_msg_sent_event',
    check: (p) =>
      expect(p.fields.SubscribeMsgSentEvent).toEqual({
        List: [
          {
            TemplateId: 'tmpl_popup_0001',
            MsgID: '1700827132819554304',
            ErrorCode: '0',
            ErrorStatus: 'success',
          },
        ],
      }),
  },
};

describe('parsePush', () => {
  it('has an expectation for every sample, and a sample for every expectation', () => {
    expect([...samples.keys()].sort()).toEqual(Object.keys(expected).sort());
  });

  describe.each(Object.entries(expected))('sample %s', (name, { type, check }) => {
    const push = parsePush(samples.get(name)!);

    it(`parses to ${type} with its common fields`, () => {
      expect(push.type).toBe(type);
      expect(push).toMatchObject({
        toUserName: 'gh_5a1e00000001',
        fromUserName: USER,
        createTime: expect.stringMatching(/^17672256\d\d$/),
      });
      expect(push.msgType).toBe(push.fields.MsgType);
    });

    it('has the right fields', () => check(push));

    it('is plain JSON', () => {
      expect(JSON.parse(JSON.stringify(push))).toEqual(push);
    });
  });

  describe('key order', () => {
    // Pushes are serialised downstream; building them in place must not reorder their JSON.
    it.each([
      [
        'event-subscribe-scan.xml',
        'toUserName,fromUserName,createTime,msgType,fields,event,type,qrScene',
      ],
      ['msg-text.xml', 'toUserName,fromUserName,createTime,msgType,fields,msgId,type'],
      ['event-subscribe.xml', 'toUserName,fromUserName,createTime,msgType,fields,event,type'],
    ])('keeps the keys of %s in the order they always had', (name, keys) => {
      expect(Object.keys(parsePush(samples.get(name)!)).join(',')).toBe(keys);
    });
  });

  describe('types it does not model', () => {
    it('parses an unknown message type into the generic variant, every field kept', () => {
      const push = parsePush(
        '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>miniprogrampage</MsgType><Title>t</Title><Nested><X>1</X></Nested></xml>',
      );
      expect(push).toEqual({
        type: 'unknown',
        toUserName: 'a',
        fromUserName: 'b',
        createTime: '1',
        msgType: 'miniprogrampage',
        fields: expect.objectContaining({ Title: 't', Nested: { X: '1' } }),
      });
    });

    it('parses an unknown event into the generic variant', () => {
      const push = parsePush(
        '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>card_pass_check</Event><CardId>c</CardId></xml>',
      );
      expect(push).toMatchObject({
        type: 'unknown',
        event: 'card_pass_check',
        fields: { CardId: 'c' },
      });
    });

    it('does not mistake an inherited property name for a modelled type', () => {
      const push = parsePush(
        '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>constructor</MsgType></xml>',
      );
      expect(push.type).toBe('unknown');
    });
  });

  describe('refusals', () => {
    const base =
      '<ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>';

    it.each([
      ['no MsgType', `<xml>${base}</xml>`],
      [
        'no FromUserName',
        '<xml><ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>',
      ],
      [
        'a CreateTime that is not a number',
        '<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>',
      ],
      [
        'a modelled field with a nested value',
        `<xml>${base}<MsgType>text</MsgType><Content><B>1</B></Content></xml>`,
      ],
      [
        'a list item that is text',
        `<xml>${base}<MsgType>event</MsgType><Event>pic_weixin</Event><SendPicsInfo><PicList><item>x</item></PicList></SendPicsInfo></xml>`,
      ],
      ['a repeated MsgType', `<xml>${base}<MsgType>text</MsgType><MsgType>image</MsgType></xml>`],
    ])('refuses a push with %s as WECHAT_PUSH_INVALID', (_, xml) => {
      expect(() => parsePush(xml)).toThrow(
        expect.objectContaining({ code: 'WECHAT_PUSH_INVALID' }) as WechatError,
      );
    });
  });
});
