/**
 * Our command definitions as Discord application commands: Korean `name_localizations` and
 * `description_localizations` on commands, options and choices; company options autocomplete.
 */
import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import type { CommandDefinition, CommandOption } from "../command.js";

/** Discord caps descriptions at 100 characters. */
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

function optionPayload(o: CommandOption) {
  const base = {
    name: o.name,
    ...(o.nameKo ? { name_localizations: { ko: o.nameKo } } : {}),
    description: clip(o.description.en),
    description_localizations: { ko: clip(o.description.ko) },
    required: o.required ?? false,
  };
  if (o.type === "integer") {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer as const,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
    };
  }
  if (o.type === "choice" && o.choices) {
    return {
      ...base,
      type: ApplicationCommandOptionType.String as const,
      choices: o.choices.map((c) => ({ name: c.label.en, name_localizations: { ko: c.label.ko }, value: c.value })),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String as const,
    ...(o.type === "company" ? { autocomplete: true } : {}),
  };
}

export function commandPayload(def: CommandDefinition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  // Discord wants required options first; ours already list them first, this keeps it true.
  const options = [...def.options].sort((a, b) => Number(b.required ?? false) - Number(a.required ?? false));
  return {
    name: def.name,
    ...(def.nameKo ? { name_localizations: { ko: def.nameKo } } : {}),
    description: clip(def.description.en),
    description_localizations: { ko: clip(def.description.ko) },
    options: options.map(optionPayload),
  };
}

export function commandsPayload(defs: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return defs.map(commandPayload);
}
