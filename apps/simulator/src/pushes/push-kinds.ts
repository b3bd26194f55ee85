import { MENU_EVENT_KINDS } from './menu-event-kinds';
import { MESSAGE_KINDS } from './message-kinds';
import { NOTIFICATION_KINDS } from './notification-kinds';
import type { PushKind } from './push-kind';

/** Every kind the simulator generates: one per sample push in ../shared/samples/pushes. */
export const PUSH_KINDS: readonly PushKind[] = [
  ...MESSAGE_KINDS,
  ...MENU_EVENT_KINDS,
  ...NOTIFICATION_KINDS,
];

/** The kinds by name. */
export const PUSH_KINDS_BY_NAME: ReadonlyMap<string, PushKind> = new Map(
  PUSH_KINDS.map((kind) => [kind.name, kind]),
);
