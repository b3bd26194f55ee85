import { endpointOf, WechatCallMeter } from './wechat-call-meter';

function meterAnswering(answer: () => Promise<Response>) {
  const seen: string[] = [];
  const meter = new WechatCallMeter(() => answer());
  meter.attach((endpoint, errcode) => seen.push(`${endpoint} ${errcode}`));
  return { meter, seen };
}

describe(WechatCallMeter.name, () => {
  it('counts WeChat answers by endpoint and errcode and leaves the body readable', async () => {
    const { meter, seen } = meterAnswering(() =>
      Promise.resolve(new Response('{"errcode":-1,"errmsg":"system error"}')),
    );

    const response = await meter.fetch('http://w/cgi-bin/user/info/batchget?access_token=t');

    expect(seen).toEqual(['user/info/batchget -1']);
    await expect(response.json()).resolves.toMatchObject({ errcode: -1 });
  });

  it('counts success, HTTP errors and network failures', async () => {
    const answers = [
      () => Promise.resolve(new Response('{"access_token":"t"}')),
      () => Promise.resolve(new Response('down', { status: 503 })),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    const { meter, seen } = meterAnswering(() => answers.shift()!());

    await meter.fetch('http://w/cgi-bin/stable_token');
    await meter.fetch('http://w/cgi-bin/stable_token');
    await expect(meter.fetch('http://w/cgi-bin/stable_token')).rejects.toThrow('fetch failed');

    expect(seen).toEqual(['stable_token 0', 'stable_token http_503', 'stable_token network']);
  });

  it('names a central token source without its path', () => {
    expect(endpointOf('https://center.example/v1/access-token/wx0123456789abcdef')).toBe(
      'token-source',
    );
  });
});
