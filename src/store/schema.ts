/** The Kysely `Database` interface: every table of the store, grouped by the module that owns it. */

import type { ChannelTables } from "./schema-channels.js";
import type { CoreTables } from "./schema-core.js";
import type { OutboxTables } from "./schema-outbox.js";

export interface Database extends CoreTables, ChannelTables, OutboxTables {}
