import fc from 'fast-check';
import { readSafeEnvelope } from './safe-envelope.reader';
import { parseXmlRecord } from './xml-record.parser';

describe('readSafeEnvelope', () => {
  it.each([
    '<xml><ToUserName><![CDATA[gh_5a1e00000001]]></ToUserName><Encrypt><![CDATA[ab+/cd==]]></Encrypt></xml>',
    '<xml>\n  <ToUserName>gh_1</ToUserName>\n  <Encrypt>abcd</Encrypt>\n</xml>\n',
    '<xml><Encrypt><![CDATA[abcd]]></Encrypt></xml>',
    '<xml><ToUserName><![CDATA[]]></ToUserName><Encrypt></Encrypt></xml>',
  ])('reads %p exactly as the general parser does', (body) => {
    expect(readSafeEnvelope(body)).toEqual(parseXmlRecord(body));
  });

  it.each([
    '<xml><ToUserName>gh</ToUserName><MsgType>text</MsgType><Encrypt>abcd</Encrypt></xml>',
    '<xml><Encrypt>abcd</Encrypt><ToUserName>gh</ToUserName></xml>',
    '<!DOCTYPE xml><xml><Encrypt>abcd</Encrypt></xml>',
    '<xml><Encrypt>ab&amp;cd</Encrypt></xml>',
    '<xml><Encrypt>abcd</Encrypt></xml><xml/>',
  ])('leaves anything else, like %p, to the general parser', (body) => {
    expect(readSafeEnvelope(body)).toBeUndefined();
  });

  it('never disagrees with the general parser', () => {
    const part = fc.constantFrom(
      '<xml>',
      '</xml>',
      '<ToUserName>',
      '</ToUserName>',
      '<Encrypt>',
      '</Encrypt>',
      '<![CDATA[',
      ']]>',
      'ab=',
      'gh_1',
      ' ',
      '<',
      '&',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 14 }), (parts) => {
        const body = parts.join('');
        const fast = readSafeEnvelope(body);
        if (fast !== undefined) expect(fast).toEqual(parseXmlRecord(body));
      }),
      { numRuns: 5000 },
    );
  });
});
