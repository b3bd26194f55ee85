import { createHash } from 'node:crypto';
import { QtError } from './qt-errors';
import { buildQtRequest } from './qt-request';

const base = {
  serviceId: 'SID',
  serviceSecret: 'SECRET',
  appkey: 'AK',
  appId: 'wx0000000000000001',
  weChatOAData: '<xml><a>1</a></xml>',
  ts: 1700000000000,
};

describe(buildQtRequest.name, () => {
  it('signs the sorted JSON of every field but sign, followed by the secret', () => {
    const request = buildQtRequest({ ...base, query: { nonce: '7', openid: 'o1' } });

    const json =
      '{"app_id":"SID","appkey":"AK","code":"wx0000000000000001","nonce":"7","openid":"o1",' +
      '"ts":"1700000000000","weChatOAData":"<xml><a>1</a></xml>"}';
    const sign = createHash('md5').update(`${json}SECRET`).digest('hex');
    expect(request.fields.sign).toBe(sign);
    expect(JSON.parse(request.body)).toEqual({ ...JSON.parse(json), sign });
  });

  it('sends a query name given once as a string and a repeated one as an array', () => {
    const request = buildQtRequest({ ...base, query: { a: ['1'], b: ['1', '2'], c: 'x' } });

    expect(request.fields.a).toBe('1');
    expect(request.fields.b).toEqual(['1', '2']);
    expect(request.fields.c).toBe('x');
  });

  it("lets QT's own fields win over query parameters of the same name", () => {
    const request = buildQtRequest({ ...base, query: { code: 'evil', app_id: 'evil' } });

    expect(request.fields.code).toBe(base.appId);
    expect(request.fields.app_id).toBe(base.serviceId);
  });

  it('refuses to build a request without a ServiceSecret, naming the setting only', () => {
    const build = () => buildQtRequest({ ...base, serviceSecret: '' });

    expect(build).toThrow(QtError);
    expect(build).toThrow(expect.objectContaining({ code: 'QT_REQUEST_FIELD_MISSING' }));
  });
});
