/**
 * Verify + decrypt + parse of safe-mode pushes on one core: @oa-relay/wechat against the
 * baseline Node users reach for (npm `wechat-crypto` + `xml2js`), same pushes, same run.
 *
 *   npm run build && node dist/bench/wechat-protocol.bench.js [seconds-per-round]
 */
import {
  buildPushRequest,
  createPushAccount,
  loadSamplePushes,
  openPush,
  type PushRequest,
} from '@oa-relay/wechat';
import { Parser } from 'xml2js';

// wechat-crypto ships no types; this is the part of its surface the baseline uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WXBizMsgCrypt = require('wechat-crypto') as new (
  token: string,
  encodingAESKey: string,
  appId: string,
) => {
  getSignature(timestamp: string, nonce: string, encrypt?: string): string;
  decrypt(text: string): { message: string; id: string };
};

const settings = {
  appId: 'wxb11529c136998cb6',
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const requests: PushRequest[] = loadSamplePushes().map(({ xml }) =>
  buildPushRequest({ ...settings, mode: 'safe', xml, timestamp: '1767225600', nonce: '42' }),
);

const account = createPushAccount(settings);

function ours(request: PushRequest): string {
  const result = openPush({ account, query: request.query, body: request.body });
  if (!result.ok) throw result.error;
  return result.push.fromUserName;
}

const baselineCrypto = new WXBizMsgCrypt(settings.token, settings.encodingAESKey, settings.appId);
const xmlParser = new Parser({ explicitArray: false, trim: true });

function parseXml2js(xml: string): Record<string, Record<string, string>> {
  let parsed: Record<string, Record<string, string>> | undefined;
  // xml2js calls back synchronously when async is off, as it is by default.
  xmlParser.parseString(
    xml,
    (error: Error | null, value: Record<string, Record<string, string>>) => {
      if (error) throw error;
      parsed = value;
    },
  );
  return parsed as Record<string, Record<string, string>>;
}

function baseline(request: PushRequest): string {
  const { signature, timestamp, nonce, msg_signature: msgSignature } = request.query;
  if (baselineCrypto.getSignature(timestamp, nonce) !== signature) throw new Error('signature');
  const envelope = parseXml2js(request.body).xml;
  const encrypt = envelope.Encrypt;
  if (baselineCrypto.getSignature(timestamp, nonce, encrypt) !== msgSignature) {
    throw new Error('msg_signature');
  }
  const { message, id } = baselineCrypto.decrypt(encrypt);
  if (id !== settings.appId) throw new Error('appid');
  return parseXml2js(message).xml.FromUserName;
}

/** Runs `open` over every sample for about `seconds`; returns microseconds per push. */
function measure(open: (request: PushRequest) => string, seconds: number): number {
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const started = process.hrtime.bigint();
  let pushes = 0;
  while (process.hrtime.bigint() < deadline) {
    for (const request of requests) open(request);
    pushes += requests.length;
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / pushes;
}

function report(name: string, samples: number[]): number {
  const best = Math.min(...samples);
  const median = [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  const rate = Math.round(1e6 / median);
  console.log(
    `${name.padEnd(26)} ${median.toFixed(2).padStart(8)} µs/push (best ${best.toFixed(2)})` +
      `  ${rate.toLocaleString('en-US').padStart(9)} pushes/s`,
  );
  return rate;
}

function main(): void {
  const seconds = Number(process.argv[2] ?? '2');
  for (const request of requests) {
    if (ours(request) !== baseline(request)) throw new Error('implementations disagree');
  }
  measure(ours, 1);
  measure(baseline, 1);

  const results = { ours: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < 5; round++) {
    results.ours.push(measure(ours, seconds));
    results.baseline.push(measure(baseline, seconds));
  }

  console.log(
    `safe mode, ${requests.length} sample pushes, median of 5 rounds of ${seconds}s, node ${process.version}`,
  );
  const oursRate = report('@oa-relay/wechat', results.ours);
  const baselineRate = report('wechat-crypto + xml2js', results.baseline);
  console.log(`throughput ratio: ${(oursRate / baselineRate).toFixed(2)}x (goal 2x)`);
}

main();
