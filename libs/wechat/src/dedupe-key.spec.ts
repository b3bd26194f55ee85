import { dedupeKey } from './dedupe-key';
import { parsePush } from './push.parser';

function opened(xml: string) {
  return { push: parsePush(xml), xml };
}

const message = (from: string, time: string, msgId: string) =>
  `<xml><ToUserName>gh</ToUserName><FromUserName>${from}</FromUserName><CreateTime>${time}</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>${msgId}</MsgId></xml>`;
const event = (msgId: string) =>
  `<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>${msgId}</MsgID><Status>success</Status></xml>`;

describe('dedupeKey', () => {
  it('keys a message by account, MsgId, sender and CreateTime', () => {
    expect(dedupeKey('wx1', opened(message('o1', '5', '24903327368861869')))).toBe(
      'wx1:msg:24903327368861869:o1:5',
    );
  });

  it('gives a retry of a message the same key even if the XML is written differently', () => {
    const a = opened(message('o1', '5', '9'));
    const b = opened(
      message('o1', '5', '9').replace('<Content>hi</Content>', '<Content><![CDATA[hi]]></Content>'),
    );
    expect(dedupeKey('wx1', a)).toBe(dedupeKey('wx1', b));
  });

  it('keys events by the whole body: two events of one sender in one second stay apart', () => {
    const a = dedupeKey('wx1', opened(event('1')));
    expect(a).toMatch(/^wx1:event:[0-9a-f]{64}$/);
    expect(dedupeKey('wx1', opened(event('2')))).not.toBe(a);
    expect(dedupeKey('wx1', opened(event('1')))).toBe(a);
  });

  it('keeps accounts apart', () => {
    expect(dedupeKey('wx1', opened(event('1')))).not.toBe(dedupeKey('wx2', opened(event('1'))));
  });
});
