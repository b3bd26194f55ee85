// The sandbox's stored shape is imported as a type only, so that a change there breaks this
// contract spec at compile time rather than the demo at run time.
import type { StoredEvent } from '../../../qt-sandbox/src/sandbox-store';
import { toStoredPush } from './sandbox-reader';

const xml =
  '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oAbc]]></FromUserName>' +
  '<CreateTime>1767225625</CreateTime><MsgType><![CDATA[event]]></MsgType>' +
  '<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>1767225625000000001</MsgID>' +
  '<Status><![CDATA[success]]></Status></xml>';

const stored: StoredEvent = {
  id: '42',
  receivedAt: '2026-01-01T00:00:26.000Z',
  appId: 'wx5a1e0000000000a1',
  openId: 'oAbc',
  createTime: '1767225625',
  msgType: 'event',
  event: 'TEMPLATESENDJOBFINISH',
  msgId: '1767225625000000001',
  code: '$$_template_send_finish',
  attributes: {},
  xml,
  encrypted: true,
};

describe(toStoredPush.name, () => {
  it('reads the fields the QT sandbox stores for each event', () => {
    expect(toStoredPush(stored, 'wxignored000000000')).toEqual([
      {
        appId: 'wx5a1e0000000000a1',
        openId: 'oAbc',
        createTime: '1767225625',
        msgType: 'event',
        event: 'TEMPLATESENDJOBFINISH',
        msgId: '1767225625000000001',
      },
    ]);
  });

  it('falls back to the decoded XML for fields an event lacks', () => {
    const bare = { xml };

    expect(toStoredPush(bare, 'wx5a1e0000000000a1')).toEqual(
      toStoredPush(stored, 'wx5a1e0000000000a1'),
    );
  });

  it('skips values that are not events', () => {
    expect(toStoredPush('nope', 'wx5a1e0000000000a1')).toEqual([]);
    expect(toStoredPush({ id: '1' }, 'wx5a1e0000000000a1')).toEqual([]);
  });
});
