import { WechatError } from './wechat-error';
import { decodeXmlText } from './xml-text';

describe(decodeXmlText.name, () => {
  describe('what it resolves', () => {
    it('resolves the five predefined entities', () => {
      expect(decodeXmlText('&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos;')).toBe(`<a> & "b" 'c'`);
    });

    it('resolves decimal and hex references, leading zeros and astral characters included', () => {
      expect(decodeXmlText('&#20013;&#x6587; &#0065;&#x1f642; &#9;&#xA;&#13;')).toBe(
        '中文 A🙂 \t\n\r',
      );
    });

    it('returns text without an ampersand unchanged', () => {
      expect(decodeXmlText('plain; #x41')).toBe('plain; #x41');
    });
  });

  describe('what it refuses', () => {
    // Regressions: each of these came back as literal text instead of being refused.
    it.each([
      ['an undeclared entity, &foo;', 'a &foo; b'],
      ['the HTML entity &nbsp;', '&nbsp;'],
      ['a reference to NUL, &#0;', '&#0;'],
      ['a reference to the C0 control U+0001, &#x1;', '&#x1;'],
      ['a lone high surrogate, &#xD800;', '&#xD800;'],
      ['a lone low surrogate, &#xDFFF;', '&#xDFFF;'],
      ['the non-character &#xFFFF;', '&#xFFFF;'],
      ['a reference past U+10FFFF, &#x110000;', '&#x110000;'],
      ['a reference of seven digits past U+10FFFF, &#1114112;', '&#1114112;'],
      ['a bare ampersand', 'a & b'],
      ['an ampersand without its semicolon, &amp', '&amp'],
    ])('refuses %s as WECHAT_XML_MALFORMED', (_, text) => {
      expect(() => decodeXmlText(text)).toThrow(WechatError);
      expect(() => decodeXmlText(text)).toThrow(
        expect.objectContaining({ code: 'WECHAT_XML_MALFORMED' }),
      );
    });
  });
});
