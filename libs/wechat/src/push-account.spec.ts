import { createPushAccount } from './push-account';

const settings = {
  appId: 'wx0123456789abcdef',
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const PREVIOUS = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';

describe(createPushAccount.name, () => {
  it('builds no crypto for an account without an EncodingAESKey', () => {
    expect(createPushAccount({ appId: settings.appId, token: 'pamtest' }).crypto).toBeUndefined();
  });

  it('refuses a previous key of 42 characters at boot, naming the account and the slot', () => {
    let error: unknown;
    try {
      createPushAccount({ ...settings, previousEncodingAESKey: PREVIOUS.slice(0, 42) });
    } catch (e) {
      error = e;
    }

    expect(error).toMatchObject({
      code: 'WECHAT_BAD_AES_KEY',
      fields: { appId: settings.appId, slot: 'previous', reason: 'length' },
    });
    const { message } = error as Error;
    expect(message).toContain('the previous key of account wx0123456789abcdef: not 43 characters');
    expect(message).not.toContain(PREVIOUS.slice(0, 10));
  });
});
