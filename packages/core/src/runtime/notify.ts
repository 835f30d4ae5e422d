import type { StatusEvent, StatusListener } from "../status.js";

/** Delivers a status event; a throwing listener is ignored so it can never stop a consumer loop. */
export function notify(listener: StatusListener | undefined, event: StatusEvent): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch {
    // Listener failures are the listener's problem; the message loop must survive them.
  }
}
