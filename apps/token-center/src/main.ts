import { APP_CONFIG } from '@oa-relay/config';
import { runService } from '@oa-relay/observability';
import { createTokenCenterApp } from './token-center.app';
import type { TokenCenterConfig } from './token-center.config';

void runService('token-center', async () => {
  const app = await createTokenCenterApp(process.env);
  const { PORT, HOST } = app.get<TokenCenterConfig>(APP_CONFIG);
  await app.listen(PORT, HOST);
});
