import { loadConfig } from '@oa-relay/config';
import { createWechatSandboxApp } from './wechat-sandbox.app';
import { wechatSandboxEnvSchema } from './wechat-sandbox.config';

async function main(): Promise<void> {
  const config = loadConfig(wechatSandboxEnvSchema);
  const app = await createWechatSandboxApp(process.env);
  await app.listen(config.PORT, config.HOST);
}

void main();
