/** Migrations in order. Listed explicitly (no folder scanning) so bundling and tests see the same set. */
import type { Migration, MigrationProvider } from "kysely";
import * as core from "./001-core.js";
import * as channels from "./002-channels.js";
import * as outbox from "./003-outbox.js";
import * as eventSnapshots from "./004-event-snapshots.js";

const migrations: Record<string, Migration> = {
  "001-core": core,
  "002-channels": channels,
  "003-outbox": outbox,
  "004-event-snapshots": eventSnapshots,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
