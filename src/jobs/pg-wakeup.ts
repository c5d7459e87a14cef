/**
 * On PostgreSQL, a dedicated client LISTENs for `dealgraph_events` (sent by the events trigger of
 * migration 002) so alerts go out as soon as any writer commits, not at the next poll. The poll
 * stays the safety net: a lost connection only delays alerts until the next interval.
 */
import pg from "pg";
import type { JobLogger } from "./ports.js";

export interface Wakeup {
  close(): Promise<void>;
}

export async function listenForEvents(databaseUrl: string, onEvent: () => void, logger?: JobLogger): Promise<Wakeup> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on("notification", () => onEvent());
    c.on("error", (err) => {
      logger?.warn({ err: err.message }, "event listener lost its connection; reconnecting");
      c.end().catch(() => undefined);
      reconnectLater();
    });
    await c.connect();
    await c.query("listen dealgraph_events");
    if (closed) {
      await c.end();
      return;
    }
    client = c;
  };

  const reconnectLater = (): void => {
    if (closed) return;
    retry = setTimeout(() => {
      connect().then(
        () => onEvent(), // catch up on anything written while disconnected
        () => reconnectLater(),
      );
    }, 1000);
  };

  await connect();
  return {
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
