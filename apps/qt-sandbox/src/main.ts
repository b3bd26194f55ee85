import { loadConfig } from '@oa-relay/config';
import { createQtSandboxApp } from './qt-sandbox.app';
import { qtSandboxEnvSchema } from './qt-sandbox.config';

async function main(): Promise<void> {
  const config = loadConfig(qtSandboxEnvSchema);
  const app = await createQtSandboxApp(process.env);
  await app.listen(config.PORT, config.HOST);
}

void main();
