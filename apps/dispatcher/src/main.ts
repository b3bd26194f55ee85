import { createDispatcherApp } from './dispatcher.app';

async function main(): Promise<void> {
  const { app, config } = await createDispatcherApp(process.env);
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.HOST);
}

void main();
