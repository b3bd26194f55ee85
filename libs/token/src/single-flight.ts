/**
 * Runs `work` once per key at a time: callers that arrive while it runs share its result,
 * so one process never sends two identical fetches upstream.
 */
export function singleFlight<T>(
  flights: Map<string, Promise<T>>,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const running = flights.get(key);
  if (running) return running;

  const flight = work().finally(() => flights.delete(key));
  flights.set(key, flight);
  return flight;
}
