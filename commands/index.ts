/** The explicit list of slash commands, in the order help shows them. */
import type { CommandDefinition } from "../src/platforms/command.js";
import { briefCommand } from "./brief.js";
import { cyclesCommand } from "./cycles.js";
import { dealsCommand } from "./deals.js";
import { digestCommand } from "./digest.js";
import { exposureCommand } from "./exposure.js";
import { fundingCommand } from "./funding.js";
import { helpCommand } from "./help.js";
import { subscribeCommand } from "./subscribe.js";
import { subscriptionsCommand } from "./subscriptions.js";
import { unsubscribeCommand } from "./unsubscribe.js";

export const commands: readonly CommandDefinition[] = Object.freeze([
  fundingCommand,
  exposureCommand,
  dealsCommand,
  cyclesCommand,
  briefCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  digestCommand,
  helpCommand(() => commands),
]);
