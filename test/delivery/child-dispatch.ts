/**
 * A bot process for the crash test: enqueues one digest per channel (a no-op when already queued),
 * then dispatches through the fake Slack one channel at a time until nothing is left to send.
 * Env: STORE_PATH (SQLite) or DATABASE_URL + PG_SCHEMA; SLACK_API_URL; CHANNELS (comma-separated); LEASE_MS.
 */
import { createDispatcher } from "../../src/delivery/dispatcher.js";
import { enqueue, listOutbox } from "../../src/delivery/outbox.js";
import { createSlackSender } from "../../src/delivery/slack-sender.js";
import { silentLogger } from "../../src/log.js";
import { openStore } from "../../src/store/db.js";
import { sampleDigest } from "./helpers.js";

const env = process.env;
const store = env.PG_SCHEMA
  ? await openStore({ databaseUrl: env.DATABASE_URL as string, pgSchema: env.PG_SCHEMA })
  : await openStore({ dbPath: env.STORE_PATH as string });
const channels = (env.CHANNELS ?? "").split(",");
for (const [i, ch] of channels.entries()) {
  await enqueue(store.db, {
    key: `digest:slack:${ch}:2026-02-04`,
    channel: `slack:${ch}`,
    kind: "digest",
    message: sampleDigest("ko", i, 2),
    watermarkSeq: 7,
  });
}
const dispatcher = createDispatcher({
  store,
  config: { slack: null, discord: null },
  logger: silentLogger,
  senders: {
    slack: createSlackSender({ token: "xoxb-test", apiUrl: env.SLACK_API_URL as string, channelIntervalMs: 0 }),
  },
  options: { maxChannels: 1, leaseMs: Number(env.LEASE_MS ?? 1000), policy: { baseDelayMs: 20, maxDelayMs: 50 } },
});
for (;;) {
  await dispatcher.drainOnce();
  const open = [
    ...(await listOutbox(store.db, { status: "pending" })),
    ...(await listOutbox(store.db, { status: "sending" })),
  ];
  if (open.length === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
await store.close();
process.stdout.write("done\n");
