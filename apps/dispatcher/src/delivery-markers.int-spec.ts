import { createRedisClient } from '@oa-relay/redis';
import { testRedisUrl, uniqueName } from '@oa-relay/testing';
import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { DeliveryMarkers } from './delivery-markers';

// The shared client refuses commands until connected (no offline queue), as in the apps.
async function readyClient(name: string): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl(), name);
  if (redis.status !== 'ready') await once(redis, 'ready');
  return redis;
}

describe(DeliveryMarkers.name, () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = await readyClient('delivery-markers-spec');
  });

  beforeEach(() => {
    prefix = uniqueName('markers');
  });

  afterAll(async () => {
    await redis.quit();
  });

  describe('reading and writing', () => {
    it('reads neither marker for an event never seen', async () => {
      const markers = new DeliveryMarkers(redis, prefix, 60);

      expect(await markers.read('evt-1')).toEqual({ delivered: false, published: false });
    });

    it('reads back each marker once written, with the TTL', async () => {
      const markers = new DeliveryMarkers(redis, prefix, 60);

      expect(await markers.markPublished('evt-1')).toBe(true);
      const afterPublish = await markers.read('evt-1');
      expect(await markers.markDelivered('evt-1')).toBe(true);

      expect(afterPublish).toEqual({ delivered: false, published: true });
      expect(await markers.read('evt-1')).toEqual({ delivered: true, published: true });
      const ttl = await redis.ttl(markers.key('delivered', 'evt-1'));
      expect(ttl).toBeGreaterThan(50);
      expect(ttl).toBeLessThanOrEqual(60);
    });

    it('keeps the answers of concurrent deliveries apart', async () => {
      const markers = new DeliveryMarkers(redis, prefix, 60);
      const ids = Array.from({ length: 200 }, (_, i) => `evt-${i}`);

      await Promise.all(ids.filter((_, i) => i % 3 === 0).map((id) => markers.markDelivered(id)));
      await Promise.all(ids.filter((_, i) => i % 2 === 0).map((id) => markers.markPublished(id)));
      const states = await Promise.all(ids.map((id) => markers.read(id)));

      states.forEach((state, i) =>
        expect(state).toEqual({ delivered: i % 3 === 0, published: i % 2 === 0 }),
      );
    });

    it('rejects a read and resolves false for a write when Redis is gone', async () => {
      const gone = await readyClient('delivery-markers-spec-gone');
      await gone.quit();
      const markers = new DeliveryMarkers(gone, prefix, 60);

      await expect(markers.read('evt-1')).rejects.toBeDefined();
      expect(await markers.markDelivered('evt-1')).toBe(false);
    });
  });
});
