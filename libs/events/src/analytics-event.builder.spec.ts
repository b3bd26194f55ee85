import { buildAnalyticsEvent } from './analytics-event.builder';

const input = {
  eventId: 'e1',
  appId: 'wx5a1e0000000000a1',
  distinctId: 'o1',
  identitySource: 'openid' as const,
  fallbackTimeMs: 42,
};

describe('buildAnalyticsEvent', () => {
  it('carries the code, attributes, platform and CreateTime in milliseconds', () => {
    const event = buildAnalyticsEvent({
      ...input,
      fields: { CreateTime: '1767225600', MsgType: 'text', Content: 'hi', MsgId: '1' },
    });

    expect(event).toEqual({
      schema: 'analytics.events.v1',
      eventId: 'e1',
      appId: 'wx5a1e0000000000a1',
      code: '$$_receive_msg',
      attributes: { MsgType: 'text', Content: 'hi', MsgId: '1' },
      distinctId: 'o1',
      identitySource: 'openid',
      platform: 'wx5a1e0000000000a1@wechatoa',
      time: 1767225600000,
    });
  });

  it('drops a push outside the table unless the account forwards everything', () => {
    const fields = {
      CreateTime: 'x',
      MsgType: 'event',
      Event: 'kf_create_session',
      KfAccount: 'k',
    };

    expect(buildAnalyticsEvent({ ...input, fields })).toBeUndefined();
    expect(buildAnalyticsEvent({ ...input, fields, forward: 'all' })).toMatchObject({
      code: '$$_unmapped',
      attributes: { MsgType: 'event', Event: 'kf_create_session', KfAccount: 'k' },
      time: 42,
    });
  });
});
