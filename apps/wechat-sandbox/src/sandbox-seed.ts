import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const userSchema = z
  .object({
    openid: z.string().min(1),
    unionid: z.string().min(1).optional(),
    subscribe: z.union([z.literal(0), z.literal(1)]).default(1),
    subscribeTime: z.number().int().nonnegative().default(1_700_000_000),
    language: z.string().default('zh_CN'),
    subscribeScene: z.string().default('ADD_SCENE_QR_CODE'),
  })
  .strict();

const accountSchema = z
  .object({
    appId: z.string().min(1),
    appSecret: z.string().min(1),
    /** Bound to an open platform account: only then do answers carry a unionid. */
    openPlatform: z.boolean().default(true),
    users: z.array(userSchema).default([]),
  })
  .strict();

/** The sandbox's seed file: accounts, their secrets and their followers. */
export const sandboxSeedSchema = z.object({ accounts: z.array(accountSchema).min(1) }).strict();

/** A seeded account. */
export type SeedAccount = z.infer<typeof accountSchema>;

/** A seeded follower. */
export type SeedUser = z.infer<typeof userSchema>;

/** Reads the YAML (or JSON) seed file; problems are named by path, the file holds no real secrets. */
export function loadSandboxSeed(path: string): readonly SeedAccount[] {
  const result = sandboxSeedSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid wechat-sandbox seed ${path}:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data.accounts;
}
