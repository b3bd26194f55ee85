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
    '<xml a="1" b=\'2\'><A >x &amp; &#20; &#x4e2d;</A ></xml>',
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
