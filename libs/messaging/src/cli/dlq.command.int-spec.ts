import type { DeadLetterV1 } from '@oa-relay/events';
import { testKafkaBrokers, uniqueName } from '@oa-relay/testing';
import { publishAll, readRecords } from '../../test/kafka-test-helpers';
import { REPLAY_HEADER } from '../dead-letter-replay';
import { ensureTopics } from '../topics';
import { buildDlqCommand } from './dlq.command';

jest.setTimeout(90_000);

const brokers = testKafkaBrokers();

function letter(
  over: Partial<DeadLetterV1> & { payload: string; offset: string },
  topic: string,
): DeadLetterV1 {
  return {
    schema: 'wechat.dlq.v1',
    stage: over.stage ?? 'dispatcher',
    code: over.code ?? 'Httpapi_300_101',
    message: 'QT refused the event',
    failedAt: '2026-01-01T00:00:00.000Z',
    attempts: 1,
    source: { topic, partition: 0, offset: over.offset, key: 'wx1:openid-1' },
    payload: over.payload,
  };
}

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await buildDlqCommand({ line: (text) => lines.push(text), progress: false }).parseAsync(args, {
    from: 'user',
  });
  return lines;
}

describe('dlq command', () => {
  const source = uniqueName('src');
  const dlq = uniqueName('dlq');
  // Whitespace, key order and non-ASCII text must survive the round trip byte for byte.
  const payloads = [
    '{ "eventId": "ev-1",  "z": 1, "a": "日本語 ✓" }\n',
    '{"eventId":"ev-2"}',
    '{"eventId":"ev-3"}',
  ];

  beforeAll(async () => {
    await ensureTopics(brokers, [
      { name: source, partitions: 1 },
      { name: dlq, partitions: 2 },
    ]);
    await publishAll(brokers, dlq, [
      { key: 'wx1:openid-1', value: letter({ payload: payloads[0], offset: '0' }, source) },
      {
        key: 'wx1:openid-1',
        value: letter(
          { payload: payloads[1], offset: '1', code: 'WECHAT_XML_MALFORMED', stage: 'enricher' },
          source,
        ),
      },
      { key: 'wx1:openid-1', value: letter({ payload: payloads[2], offset: '2' }, source) },
      { key: null, value: 'not a dead letter' },
    ]);
  });

  describe('list', () => {
    it('counts dead letters by stage and code, largest group first, with samples', async () => {
      const lines = await run([
        'list',
        '--brokers',
        brokers.join(','),
        '--topic',
        dlq,
        '--samples',
        '1',
      ]);

      expect(lines[0]).toBe('dispatcher\tHttpapi_300_101\t2');
      expect(lines[1]).toContain(`${source}/0/0 key=wx1:openid-1 event=ev-1`);
      expect(lines[2]).toBe('enricher\tWECHAT_XML_MALFORMED\t1');
      expect(lines).toHaveLength(4);
    });

    it('filters by event id', async () => {
      const lines = await run([
        'list',
        '-b',
        brokers.join(','),
        '-t',
        dlq,
        '--event-id',
        'ev-3',
        '--json',
      ]);

      const groups = JSON.parse(lines.join('\n')) as { code: string; count: number }[];
      expect(groups).toEqual([expect.objectContaining({ code: 'Httpapi_300_101', count: 1 })]);
    });
  });

  describe('replay', () => {
    it('refuses to replay without a filter or --all', async () => {
      await expect(run(['replay', '-b', brokers.join(','), '-t', dlq])).rejects.toThrow(/--all/);
    });

    it('re-publishes the chosen payloads byte for byte to their source topic with their key', async () => {
      const lines = await run([
        'replay',
        '-b',
        brokers.join(','),
        '-t',
        dlq,
        '--code',
        'Httpapi_300_101',
      ]);

      expect(lines).toEqual(['replayed 2 dead letters']);
      const replayed = await readRecords(brokers, source, 2);
      expect(replayed.map((r) => r.value)).toEqual([payloads[0], payloads[2]]);
      expect(replayed.map((r) => r.key)).toEqual(['wx1:openid-1', 'wx1:openid-1']);
      expect(replayed[0].headers[REPLAY_HEADER]).toMatch(new RegExp(`^${dlq}/\\d/\\d+$`));
    });
  });
});
