import { APP_CONFIG } from '@oa-relay/config';
import { runService } from '@oa-relay/observability';
import { createWechatSandboxApp } from './wechat-sandbox.app';
import type { WechatSandboxConfig } from './wechat-sandbox.config';

void runService('wechat-sandbox', async () => {
  const app = await createWechatSandboxApp(process.env);
  const { PORT, HOST } = app.get<WechatSandboxConfig>(APP_CONFIG);
  await app.listen(PORT, HOST);
});
