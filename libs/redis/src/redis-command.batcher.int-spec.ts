import { testRedisUrl, uniqueName } from '@oa-relay/testing';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { createRedisClient } from './redis-client';
import { RedisCommandBatcher } from './redis-command.batcher';

describe(RedisCommandBatcher.name, () => {
  let redis: Redis;

  beforeAll(async () => {
    redis = createRedisClient(testRedisUrl(), 'redis-batcher-spec');
    // No offline queue: commands are refused until the client is connected.
    if (redis.status !== 'ready') await once(redis, 'ready');
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('sends the commands of one event-loop turn as one pipeline', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    const pipelines = jest.spyOn(redis, 'pipeline');

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => batcher.call('set', `${key}:${i}`, i, 'EX', 60)),
    );
    const values = await batcher.call('mget', `${key}:0`, `${key}:49`);

    expect(replies).toEqual(Array.from({ length: 50 }, () => 'OK'));
    expect(values).toEqual(['0', '49']);
    expect(pipelines).toHaveBeenCalledTimes(2);
    pipelines.mockRestore();
  });

  it('rejects only the command that failed in a shared pipeline', async () => {
    const batcher = new RedisCommandBatcher(redis);
    const key = uniqueName('batcher');
    await redis.set(key, 'text', 'EX', 60);

    const [good, bad] = await Promise.allSettled([
      batcher.call('get', key),
      batcher.call('lpush', key, 'x'),
    ]);

    expect(good).toEqual({ status: 'fulfilled', value: 'text' });
    expect(bad.status).toBe('rejected');
  });
});
