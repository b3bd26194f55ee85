import { APP_CONFIG } from '@oa-relay/config';
import { runService } from '@oa-relay/observability';
import { createQtSandboxApp } from './qt-sandbox.app';
import type { QtSandboxConfig } from './qt-sandbox.config';

void runService('qt-sandbox', async () => {
  const app = await createQtSandboxApp(process.env);
  const { PORT, HOST } = app.get<QtSandboxConfig>(APP_CONFIG);
  await app.listen(PORT, HOST);
});
