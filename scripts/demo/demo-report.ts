/** Events listed one per line; the page and GET /events show every one. */
const LISTED_EVENTS = 40;

/** The QT sandbox's counters, as GET /stats answers. */
interface SandboxStats {
  events: Record<string, number>;
  responses: Record<string, number>;
  totals: { events: number; requests: number };
}

/** One stored event, as GET /events answers (the fields the report shows). */
interface SandboxEvent {
  appId: string;
  openId: string;
  code: string;
  msgType: string;
  event?: string;
  encrypted: boolean;
  attributes: Record<string, unknown>;
}

/** Prints what reached the QT sandbox: counts by event code and by QT response code, and a table of events. */
export async function printSandboxReport(
  sandboxUrl: string,
  print: (line: string) => void,
): Promise<void> {
  const stats = (await (await fetch(`${sandboxUrl}/stats`)).json()) as SandboxStats;
  const events = (await (await fetch(`${sandboxUrl}/events?limit=100`)).json()) as SandboxEvent[];

  print('');
  print(
    `QT sandbox: ${stats.totals.events} events accepted from ${stats.totals.requests} requests`,
  );
  print('  by QT response code:');
  for (const [code, count] of Object.entries(stats.responses))
    print(`    ${code.padEnd(20)} ${count}`);
  print('  by event code:');
  for (const [code, count] of Object.entries(stats.events))
    print(`    ${code.padEnd(32)} ${count}`);
  print('');
  print(
    '  account             event code                      push                         attributes',
  );
  const shown = events.slice(0, LISTED_EVENTS);
  for (const event of shown) {
    const push = event.event ? `${event.msgType}/${event.event}` : event.msgType;
    const attributes = Object.keys(event.attributes).slice(0, 4).join(',');
    print(`  ${event.appId.padEnd(19)} ${event.code.padEnd(31)} ${push.padEnd(28)} ${attributes}`);
  }
  if (events.length > shown.length) {
    print(
      `  … the latest ${shown.length} of ${events.length}; the QT sandbox's GET /events lists all`,
    );
  }
}
