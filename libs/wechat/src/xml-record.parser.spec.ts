import fc from 'fast-check';
import { buildXml } from './xml-record.builder';
import { parseXmlRecord } from './xml-record.parser';
import { WechatError } from './wechat-error';

function codeOf(xml: string, maxBytes?: number): string | undefined {
  try {
    parseXmlRecord(xml, { maxBytes });
  } catch (error) {
    return error instanceof WechatError ? error.code : `untyped ${String(error)}`;
  }
  return undefined;
}

describe('parseXmlRecord', () => {
  describe('values', () => {
    it('keeps every value as text: leading zeros and 19-digit ids intact', () => {
      const record = parseXmlRecord(
        '<xml><A>007</A><MsgId>24903327368861869123</MsgId><B>1e5</B><C>true</C><D>-0</D></xml>',
      );
      expect(record).toEqual({
        A: '007',
        MsgId: '24903327368861869123',
        B: '1e5',
        C: 'true',
        D: '-0',
      });
    });

    it('reads CDATA and bare text alike', () => {
      const bare = parseXmlRecord('<xml><A>hello</A><B>12</B></xml>');
      const cdata = parseXmlRecord('<xml><A><![CDATA[hello]]></A><B><![CDATA[12]]></B></xml>');
      expect(cdata).toEqual(bare);
    });

    it('keeps CDATA verbatim, whitespace and entity-like text included', () => {
      const record = parseXmlRecord('<xml><A><![CDATA[  a &amp; <b> ]]></A></xml>');
      expect(record.A).toBe('  a &amp; <b> ');
    });

    it('decodes predefined entities and character references in bare text only', () => {
      const record = parseXmlRecord(
        '<xml><A>a &amp; b &lt;c&gt; &#x4E2D;&#25991; &quot;&apos;</A></xml>',
      );
      expect(record.A).toBe('a & b <c> 中文 "\'');
    });

    it('decodes references with leading zeros and to characters beyond the BMP', () => {
      const record = parseXmlRecord('<xml><A>&#0000065;&#x000042;&#x1F642;&#128578;</A></xml>');
      expect(record.A).toBe('AB🙂🙂');
    });

    it('decodes bare text and leaves CDATA alone in the same document', () => {
      const record = parseXmlRecord('<xml><A>x &amp; y</A><B><![CDATA[x &amp; y]]></B></xml>');
      expect(record).toEqual({ A: 'x & y', B: 'x &amp; y' });
    });

    it('joins split CDATA sections', () => {
      expect(parseXmlRecord('<xml><A><![CDATA[a]]]]><![CDATA[>b]]></A></xml>').A).toBe('a]]>b');
    });

    it('reads empty elements as absent', () => {
      const record = parseXmlRecord('<xml><A></A><B/><C><![CDATA[]]></C><D> </D><E>x</E></xml>');
      expect(record).toEqual({ E: 'x' });
    });

    it('reads an empty root as an empty record, and ignores an XML declaration', () => {
      expect(parseXmlRecord('<?xml version="1.0" encoding="UTF-8"?><xml></xml>')).toEqual({});
    });

    it('reads pretty-printed XML like compact XML', () => {
      const pretty = parseXmlRecord('<xml>\n  <A>1</A>\n  <B>\n    <C>2</C>\n  </B>\n</xml>\n');
      expect(pretty).toEqual({ A: '1', B: { C: '2' } });
    });
  });

  describe('lists', () => {
    it('reads repeated siblings as an array', () => {
      expect(parseXmlRecord('<xml><A>1</A><A>2</A></xml>').A).toEqual(['1', '2']);
    });

    it.each([
      [
        'PicList one item',
        '<SendPicsInfo><PicList><item><PicMd5Sum>a</PicMd5Sum></item></PicList></SendPicsInfo>',
        ['SendPicsInfo', 'PicList', 'item'],
        [{ PicMd5Sum: 'a' }],
      ],
      [
        'PicList empty',
        '<SendPicsInfo><Count>0</Count><PicList></PicList></SendPicsInfo>',
        ['SendPicsInfo', 'PicList', 'item'],
        [],
      ],
      [
        'PicList self-closing',
        '<SendPicsInfo><PicList/></SendPicsInfo>',
        ['SendPicsInfo', 'PicList', 'item'],
        [],
      ],
      [
        'ResultList one item',
        '<ArticleUrlResult><ResultList><item><ArticleIdx>1</ArticleIdx></item></ResultList></ArticleUrlResult>',
        ['ArticleUrlResult', 'ResultList', 'item'],
        [{ ArticleIdx: '1' }],
      ],
      [
        'article_detail without items',
        '<PublishEventInfo><article_detail><count>0</count></article_detail></PublishEventInfo>',
        ['PublishEventInfo', 'article_detail', 'item'],
        [],
      ],
      [
        'one fail_idx',
        '<PublishEventInfo><fail_idx>1</fail_idx></PublishEventInfo>',
        ['PublishEventInfo', 'fail_idx'],
        ['1'],
      ],
      [
        'two fail_idx',
        '<PublishEventInfo><fail_idx>1</fail_idx><fail_idx>2</fail_idx></PublishEventInfo>',
        ['PublishEventInfo', 'fail_idx'],
        ['1', '2'],
      ],
      [
        'one List',
        '<SubscribeMsgSentEvent><List><MsgID>1</MsgID></List></SubscribeMsgSentEvent>',
        ['SubscribeMsgSentEvent', 'List'],
        [{ MsgID: '1' }],
      ],
      [
        'no List',
        '<SubscribeMsgChangeEvent></SubscribeMsgChangeEvent>',
        ['SubscribeMsgChangeEvent', 'List'],
        [],
      ],
      [
        'repeated PicList containers',
        '<SendPicsInfo><PicList><item><PicMd5Sum>a</PicMd5Sum></item></PicList><PicList><item><PicMd5Sum>b</PicMd5Sum></item><item><PicMd5Sum>c</PicMd5Sum></item></PicList></SendPicsInfo>',
        ['SendPicsInfo', 'PicList', 'item'],
        [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }, { PicMd5Sum: 'c' }],
      ],
    ])('reads %s as an array', (_, inner, path, expected) => {
      let value: unknown = parseXmlRecord(`<xml>${inner}</xml>`);
      for (const name of path) value = (value as Record<string, unknown>)[name];
      expect(value).toEqual(expected);
    });
  });

  describe('refusals', () => {
    it.each([
      [
        'a DOCTYPE with an entity',
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x "boom">]><xml><A>&x;</A></xml>',
      ],
      ['a DOCTYPE inside the root', '<xml><!DOCTYPE x><A>1</A></xml>'],
      ['an external entity', '<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml/>'],
      ['a lowercase doctype', '<!doctype xml><xml/>'],
    ])('refuses %s as WECHAT_XML_DOCTYPE', (_, xml) => {
      expect(codeOf(xml)).toBe('WECHAT_XML_DOCTYPE');
    });

    // Regressions: these were read, the entity or reference passed on as literal text.
    it.each([
      ['an undeclared entity, &foo;', '<xml><Content>a &foo; b</Content></xml>'],
      ['a reference to NUL, &#0;', '<xml><Content>&#0;</Content></xml>'],
      ['a lone surrogate, &#xD800;', '<xml><Content>&#xD800;</Content></xml>'],
      ['a reference past U+10FFFF, &#x110000;', '<xml><Content>&#x110000;</Content></xml>'],
    ])('refuses %s as WECHAT_XML_MALFORMED', (_, xml) => {
      expect(codeOf(xml)).toBe('WECHAT_XML_MALFORMED');
    });

    it('accepts DOCTYPE-like text inside CDATA and comments', () => {
      expect(parseXmlRecord('<xml><!-- <!DOCTYPE --><A><![CDATA[<!DOCTYPE x>]]></A></xml>').A).toBe(
        '<!DOCTYPE x>',
      );
    });

    it.each([
      ['mismatched tags', '<xml><A>1</B></xml>'],
      ['an unclosed root', '<xml><A>1</A>'],
      ['plain text', 'success'],
      ['an empty string', ''],
      ['JSON', '{"a":1}'],
      ['a second root', '<xml><A>1</A></xml><y/>'],
      ['two xml roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
      ['another root name', '<root><A>1</A></root>'],
      ['text as the root content', '<xml>hello</xml>'],
      ['an unterminated CDATA', '<xml><A><![CDATA[abc</A></xml>'],
      ['a prototype key', '<xml><__proto__><polluted>1</polluted></__proto__></xml>'],
      ['nesting 64 deep', `<xml>${'<a>'.repeat(64)}1${'</a>'.repeat(64)}</xml>`],
    ])('refuses %s as WECHAT_XML_MALFORMED', (_, xml) => {
      expect(codeOf(xml)).toBe('WECHAT_XML_MALFORMED');
    });

    it('refuses XML over the size limit, counting UTF-8 bytes', () => {
      const xml = `<xml><A>${'中'.repeat(400)}</A></xml>`;
      expect(codeOf(xml, 1_000)).toBe('WECHAT_XML_TOO_LARGE');
      expect(codeOf(xml, 2_000)).toBeUndefined();
    });

    it('pollutes no prototype', () => {
      codeOf('<xml><constructor><prototype><x>1</x></prototype></constructor></xml>');
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it('answers arbitrary text with a record or a WechatError only', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.string().map((s) => `<xml>${s}</xml>`),
          ),
          (text) => {
            const code = codeOf(text);
            expect(code === undefined || code.startsWith('WECHAT_XML_')).toBe(true);
          },
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('round trip', () => {
    it('parses back what buildXml writes', () => {
      const record = {
        A: '007',
        B: 'text with ]]> and <tags> & 🙂',
        C: { D: ['1', '2'], E: { F: 'x' } },
        SendPicsInfo: { Count: '2', PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } },
      };
      expect(parseXmlRecord(buildXml(record))).toEqual(record);
    });
  });
});
