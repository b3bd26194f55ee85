import { parseMix, PushMix } from './push-mix';
import { PUSH_KINDS } from './push-kinds';
import { bare, writePushXml } from './xml-writer';

const names = (mix: PushMix) => [...mix.weights.keys()].map((k) => k.name);

describe(parseMix.name, () => {
  it('reads presets, wildcards and exact kinds, later entries winning', () => {
    const mix = parseMix('msg-*=2, event-click=5, msg-voice=0');

    expect(names(mix)).toEqual(expect.arrayContaining(['msg-text', 'msg-link', 'event-click']));
    expect(names(mix)).not.toContain('msg-voice');
    expect(mix.weights.size).toBe(8);
  });

  it('covers every kind with uniform and realistic', () => {
    expect(parseMix('uniform').weights.size).toBe(PUSH_KINDS.length);
    expect(parseMix('realistic').weights.size).toBe(PUSH_KINDS.length);
  });

  it('refuses an unknown kind, a bad entry and an empty mix', () => {
    const code = (spec: string) => {
      try {
        parseMix(spec);
      } catch (error) {
        return (error as { code: string }).code;
      }
      return 'accepted';
    };

    expect(code('msg-sticker=1')).toBe('SIM_UNKNOWN_KIND');
    expect(code('msg-text:1')).toBe('SIM_BAD_OPTION');
    expect(code('msg-text=0')).toBe('SIM_BAD_OPTION');
  });
});

describe(writePushXml.name, () => {
  it('writes text in CDATA, numbers bare, children in order, and splits ]]>', () => {
    const xml = writePushXml([
      ['Content', 'a]]>b'],
      ['CreateTime', bare(17)],
      ['List', [['TemplateId', 't']]],
    ]);

    expect(xml).toBe(
      '<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content><CreateTime>17</CreateTime>' +
        '<List><TemplateId><![CDATA[t]]></TemplateId></List></xml>',
    );
  });
});
