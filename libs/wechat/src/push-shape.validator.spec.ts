import { assertShape } from './push-shape.validator';
import { EVENT_SHAPES, MESSAGE_SHAPES } from './push-shapes';
import type { WechatError } from './wechat-error';
import type { XmlRecord } from './xml-value';

function pathOf(record: XmlRecord, shape: Parameters<typeof assertShape>[1]): unknown {
  try {
    assertShape(record, shape, 'test');
  } catch (error) {
    return { code: (error as WechatError).code, fields: (error as WechatError).fields };
  }
  return undefined;
}

describe('assertShape', () => {
  describe('valid records', () => {
    it('passes a record whose modelled fields have their shapes and ignores the rest', () => {
      const record: XmlRecord = {
        EventKey: 'k',
        SendPicsInfo: { Count: '1', PicList: { item: [{ PicMd5Sum: 'm' }] } },
        Unmodelled: { Nested: 'x' },
      };
      expect(pathOf(record, EVENT_SHAPES.pic_weixin)).toBeUndefined();
    });
  });

  describe('paths of mismatches', () => {
    it.each<[string, XmlRecord, Parameters<typeof assertShape>[1], string]>([
      ['a text field holding a record', { Content: { B: '1' } }, MESSAGE_SHAPES.text, 'Content'],
      [
        'a nested record field holding text',
        { SendPicsInfo: 'x' },
        EVENT_SHAPES.pic_weixin,
        'SendPicsInfo',
      ],
      [
        'a list item that is text',
        { SendPicsInfo: { PicList: { item: [{ PicMd5Sum: 'a' }, 'x'] } } },
        EVENT_SHAPES.pic_weixin,
        'SendPicsInfo.PicList.item[1]',
      ],
      [
        'a field inside a list item',
        { SendPicsInfo: { PicList: { item: [{ PicMd5Sum: ['a', 'b'] }] } } },
        EVENT_SHAPES.pic_weixin,
        'SendPicsInfo.PicList.item[0].PicMd5Sum',
      ],
      [
        'a list that is a single record',
        { SendPicsInfo: { PicList: { item: { PicMd5Sum: 'a' } } } },
        EVENT_SHAPES.pic_weixin,
        'SendPicsInfo.PicList.item',
      ],
    ])('names %s by its path', (_, record, shape, path) => {
      expect(pathOf(record, shape)).toEqual({
        code: 'WECHAT_PUSH_INVALID',
        fields: { type: 'test', path },
      });
    });
  });
});
