import { unmappedPushLabel } from './push-classifier';
import { mapPushToQtEvent } from './push-mapper';
import { QT_EVENT_CODES } from './qt-event-codes';
import type { XmlRecord } from './xml-record';

const base = { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1767225600' };
const event = (name: string, extra: XmlRecord = {}): XmlRecord => ({
  ...base,
  MsgType: 'event',
  Event: name,
  ...extra,
});

describe('mapPushToQtEvent', () => {
  describe('codes', () => {
    it('spells the twelve codes of the table exactly, misspelling included', () => {
      expect(QT_EVENT_CODES).toHaveLength(12);
      expect(QT_EVENT_CODES).toContain('$$_send_localtion');
    });

    it.each([
      'CLICK',
      'VIEW',
      'view_miniprogram',
      'scancode_push',
      'scancode_waitmsg',
      'pic_sysphoto',
      'pic_photo_or_album',
      'pic_weixin',
      'location_select',
    ])('maps the menu event %s to a menu click', (name) => {
      expect(mapPushToQtEvent(event(name))?.code).toBe('$$_menu_click');
    });

    it.each(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'file'])(
      'maps the ordinary message %s to a received message',
      (msgType) => {
        expect(mapPushToQtEvent({ ...base, MsgType: msgType })?.code).toBe('$$_receive_msg');
      },
    );

    it('matches event names whatever their case', () => {
      expect(mapPushToQtEvent(event('Subscribe'))?.code).toBe('$$_official_account_follow');
      expect(mapPushToQtEvent(event('location'))?.code).toBe('$$_send_localtion');
    });

    it('leaves events outside the table unmapped, with a bounded label', () => {
      expect(mapPushToQtEvent(event('kf_create_session'))).toBeUndefined();
      expect(unmappedPushLabel(event('kf_create_session'))).toBe('event:kf_create_session');
      expect(unmappedPushLabel(event('made_up_event_1234'))).toBe('event:other');
    });

    it('leaves a push without MsgType unmapped', () => {
      expect(mapPushToQtEvent(base)).toBeUndefined();
      expect(unmappedPushLabel(base)).toBe('malformed');
    });
  });

  describe('attributes', () => {
    it("renames WeChat's MenuId to the table's MenuID", () => {
      const mapped = mapPushToQtEvent(event('VIEW', { EventKey: 'https://x', MenuId: '41' }));

      expect(mapped?.attributes).toEqual({
        MsgType: 'event',
        Event: 'VIEW',
        EventKey: 'https://x',
        MenuID: '41',
      });
    });

    it('keeps menu location coordinates as strings but a received location as numbers', () => {
      const info = { Location_X: '31.2', Location_Y: '121.4', Scale: '15', Label: 'L' };
      const menu = mapPushToQtEvent(event('location_select', { SendLocationInfo: info }));
      const message = mapPushToQtEvent({ ...base, MsgType: 'location', ...info, MsgId: '1' });

      expect(menu?.attributes).toMatchObject({
        Location_X: '31.2',
        Location_Y: '121.4',
        Scale: 15,
      });
      expect(JSON.parse(menu?.attributes.SendLocationInfo as string)).toEqual(info);
      expect(message?.attributes).toMatchObject({ Location_X: 31.2, Location_Y: 121.4, Scale: 15 });
    });

    it('reads a picture list given as one record where a list is expected', () => {
      const single = { Count: '1', PicList: { item: { PicMd5Sum: 'a' } } };
      const mapped = mapPushToQtEvent(event('pic_weixin', { SendPicsInfo: single }));

      expect(mapped?.attributes.Count).toBe(1);
      expect(JSON.parse(mapped?.attributes.SendPicsInfo as string)).toEqual(single);
    });

    it('reports the geographic location as numbers', () => {
      const pushed = { Latitude: '23.1', Longitude: '113.3', Precision: '119.385040' };

      expect(mapPushToQtEvent(event('LOCATION', pushed))?.attributes).toEqual({
        Event: 'LOCATION',
        Latitude: 23.1,
        Longitude: 113.3,
        Precision: 119.38504,
      });
    });

    it('leaves out a number attribute whose text is not a number', () => {
      expect(
        mapPushToQtEvent(event('LOCATION', { Latitude: 'n/a' }))?.attributes,
      ).not.toHaveProperty('Latitude');
    });

    it('keeps ids longer than 2^53 as exact strings', () => {
      const mapped = mapPushToQtEvent({ ...base, MsgType: 'text', MsgId: '24903327368861869123' });

      expect(mapped?.attributes.MsgId).toBe('24903327368861869123');
    });

    it('joins every entry of a subscription-message list, in order', () => {
      const list = [
        { TemplateId: 't1', SubscribeStatusString: 'accept', PopupScene: '2' },
        { TemplateId: 't2', SubscribeStatusString: 'reject', PopupScene: '1' },
      ];
      const mapped = mapPushToQtEvent(
        event('subscribe_msg_popup_event', { SubscribeMsgPopupEvent: { List: list } }),
      );

      expect(mapped?.attributes).toEqual({
        TemplateId: 't1,t2',
        SubscribeStatusString: 'accept,reject',
        PopupScene: '2,1',
      });
    });

    it('tells a follow by QR code from a plain follow', () => {
      const scan = event('subscribe', { EventKey: 'qrscene_42', Ticket: 'T' });

      expect(mapPushToQtEvent(scan)?.attributes).toEqual({
        is_scan: 'true',
        EventKey: 'qrscene_42',
        Event: 'subscribe',
        Ticket: 'T',
      });
      expect(mapPushToQtEvent(event('subscribe'))?.attributes).toEqual({
        is_scan: 'false',
        Event: 'subscribe',
      });
    });

    it("renames a publish job's article_url to the table's article_URL", () => {
      const info = {
        publish_id: '2247503051',
        publish_status: '2',
        article_detail: {
          count: '2',
          item: [
            { idx: '1', article_url: 'u1' },
            { idx: '2', article_url: 'u2' },
          ],
        },
        fail_idx: ['1', '2'],
      };
      const mapped = mapPushToQtEvent(event('PUBLISHJOBFINISH', { PublishEventInfo: info }));

      expect(mapped?.attributes).toEqual({
        publish_id: '2247503051',
        publish_status: '2',
        count: 2,
        idx: '1,2',
        article_URL: 'u1,u2',
        fail_idx: '1,2',
      });
    });
  });
});
