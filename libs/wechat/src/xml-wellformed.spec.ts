import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { WechatError } from './wechat-error';
import { checkWellFormed } from './xml-wellformed';

function codeOf(xml: string): string | undefined {
  try {
    checkWellFormed(xml);
  } catch (error) {
    return error instanceof WechatError ? error.code : `untyped ${String(error)}`;
  }
  return undefined;
}

describe('checkWellFormed', () => {
  it.each([
    '<xml/>',
    '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n</xml>\n',
    '<xml a="1" b=\'2\'><A >x &amp; &#32; &#x4e2d;</A ></xml>',
    '<xml><A>&lt;&gt;&amp;&quot;&apos;</A></xml>',
    '<xml><A>&#9;&#xA;&#13;&#xD7FF;&#xE000;&#xFFFD;&#x10000;&#x10FFFF;&#0000065;</A></xml>',
    '<xml a="&amp;&#x4e2d;"/>',
    '<xml><!-- a < b --><A><![CDATA[<&]]></A></xml>',
    '<xml><ns:A>1</ns:A></xml>',
    '<xml\n><A\t>1</A\n></xml >',
    '<xml><A.b-c_d>1</A.b-c_d><E/><F x="1"/></xml>',
  ])('accepts %p', (xml) => {
    expect(codeOf(xml)).toBeUndefined();
  });

  it('reports entities only when bare text holds one', () => {
    expect(checkWellFormed('<xml><A><![CDATA[&amp;]]></A></xml>').bareEntities).toBe(false);
    expect(checkWellFormed('<xml><A>x</A><B>&lt;</B></xml>').bareEntities).toBe(true);
  });

  it.each([
    ['a bare ampersand', '<xml><A>a & b</A></xml>'],
    ['an unterminated comment', '<xml><!-- a </xml>'],
    ['an unterminated processing instruction', '<?xml <xml/>'],
    ['CDATA outside the root', '<![CDATA[x]]><xml/>'],
    ['text before the root', 'x<xml/>'],
    ['a tag name starting with a digit', '<xml><1a>1</1a></xml>'],
    ['an attribute without quotes', '<xml a=1></xml>'],
    ['an unclosed start tag', '<xml><A</xml>'],
    ['a stray end tag', '<xml></A></xml>'],
    ['nothing at all', '   '],
    ['an end tag naming a longer element than the open one', '<xml><A>1</AB></xml>'],
    ['an end tag naming a shorter element than the open one', '<xml><AB>1</A></xml>'],
    ['an end tag of an outer element', '<xml><A>1</xml></A>'],
    ['an end tag with text after its name', '<xml><A>1</A x></xml>'],
    ['a start tag whose name runs into a bad character', '<xml><A?>1</A?></xml>'],
    ['a bare ampersand after a valid entity', '<xml><A>&amp; & b</A></xml>'],
  ])('refuses %s as WECHAT_XML_MALFORMED', (_, xml) => {
    expect(codeOf(xml)).toBe('WECHAT_XML_MALFORMED');
  });

  describe('references', () => {
    // Regressions: each of these was accepted, undeclared entities passed on as literal text.
    it.each([
      ['an undeclared entity, &foo;', '<xml><A>&foo;</A></xml>', 'undeclared-entity'],
      ['an HTML entity XML lacks, &nbsp;', '<xml><A>a&nbsp;b</A></xml>', 'undeclared-entity'],
      [
        'a predefined name in the wrong case, &AMP;',
        '<xml><A>&AMP;</A></xml>',
        'undeclared-entity',
      ],
      ['a reference to NUL, &#0;', '<xml><A>&#0;</A></xml>', 'character-reference'],
      ['a reference to NUL in hex, &#x0;', '<xml><A>&#x0;</A></xml>', 'character-reference'],
      [
        'a reference to a C0 control, &#20; (U+0014)',
        '<xml><A>&#20;</A></xml>',
        'character-reference',
      ],
      ['a lone high surrogate, &#xD800;', '<xml><A>&#xD800;</A></xml>', 'character-reference'],
      [
        'a lone low surrogate, &#57343; (U+DFFF)',
        '<xml><A>&#57343;</A></xml>',
        'character-reference',
      ],
      ['the non-character &#xFFFE;', '<xml><A>&#xFFFE;</A></xml>', 'character-reference'],
      [
        'a reference past U+10FFFF, &#x110000;',
        '<xml><A>&#x110000;</A></xml>',
        'character-reference',
      ],
      [
        'a reference of 400 nines',
        `<xml><A>&#${'9'.repeat(400)};</A></xml>`,
        'character-reference',
      ],
      ['an undeclared entity in an attribute value', '<xml a="&foo;"/>', 'undeclared-entity'],
      ['a reference to NUL in an attribute value', "<xml a='&#0;'/>", 'character-reference'],
      ['a bare ampersand in an attribute value', '<xml a="a & b"/>', 'ampersand'],
    ])('refuses %s as WECHAT_XML_MALFORMED', (_, xml, reason) => {
      expect(() => checkWellFormed(xml)).toThrow(
        expect.objectContaining({ code: 'WECHAT_XML_MALFORMED', fields: { reason } }),
      );
    });
  });

  it("is at least as strict as fast-xml-parser's validator", () => {
    const part = fc.constantFrom(
      '<xml>',
      '</xml>',
      '<A>',
      '</A>',
      '<A/>',
      '<B x="1">',
      '</B>',
      '<![CDATA[',
      ']]>',
      '<!--',
      '-->',
      '<?pi?>',
      'a',
      '&amp;',
      '&',
      '<',
      '>',
      ' ',
      '"',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const xml = parts.join('');
        if (codeOf(xml) === undefined) expect(XMLValidator.validate(xml)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
