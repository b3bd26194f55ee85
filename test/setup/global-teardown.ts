/** Stops only what global-setup started; services given through the environment stay up. */
export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__OA_RELAY_STARTED__ ?? [];
  globalThis.__OA_RELAY_STARTED__ = [];
  for (const service of started.reverse()) {
    await service.stop();
  }
}
