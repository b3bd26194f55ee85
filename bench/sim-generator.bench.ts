/**
 * How many pushes the simulator can produce per second on one core: generate (realistic mix)
 * then sign, and encrypt for compatible and safe mode, beside the protocol library's own
 * `buildPushRequest` as the reference. Tells whether a load run measures the gateway or the
 * simulator.
 *
 *   npm run build && node dist/bench/sim-generator.bench.js [pushes-per-round]
 */
import { buildPushRequest, type PushMode } from '@oa-relay/wechat';
import { PushGenerator } from '../apps/simulator/src/pushes/push-generator';
import { parseMix } from '../apps/simulator/src/pushes/push-mix';
import type { SimAccount } from '../apps/simulator/src/wire/sim-account';
import { toWirePush } from '../apps/simulator/src/wire/wire-push';

const account: SimAccount = {
  appId: 'wx5a1e0000000000a1',
  originalId: 'gh_5a1e00000001',
  token: 'benchToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  requireEncryption: false,
};
const count = Number(process.argv[2] ?? 20_000);
const generator = new PushGenerator({
  targets: [account],
  mix: parseMix('realistic'),
  users: 10_000,
  seed: 1,
});

function timed(label: string, run: () => void): void {
  const started = process.hrtime.bigint();
  run();
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count;
  console.log(
    `${label.padEnd(44)} ${micros.toFixed(1).padStart(7)} µs/push ${Math.round(1e6 / micros)
      .toString()
      .padStart(8)} pushes/s`,
  );
}

const pushes = Array.from({ length: 2_000 }, () => generator.next());
timed('generate (realistic mix)', () => {
  for (let i = 0; i < count; i++) generator.next();
});
for (const mode of ['plaintext', 'compatible', 'safe'] as PushMode[]) {
  timed(`sign, ${mode} (simulator)`, () => {
    for (let i = 0; i < count; i++) toWirePush(pushes[i % pushes.length], account, mode);
  });
  timed(`sign, ${mode} (buildPushRequest, reference)`, () => {
    for (let i = 0; i < count; i++) {
      buildPushRequest({ ...account, mode, xml: pushes[i % pushes.length].xml });
    }
  });
}
