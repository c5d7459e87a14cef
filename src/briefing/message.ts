/**
 * The platform-neutral message every command, digest and alert produces. Platform renderers
 * (Slack Block Kit, Discord embeds, Markdown, plain text) are pure functions of this.
 *
 * Inline text uses a tiny markup all renderers understand: `**bold**`, `_italic_`, and
 * `[label](https://url)` links. Everything else is literal text that renderers escape.
 */
export type Block =
  | { type: "header"; text: string }
  | { type: "section"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  /** A list whose items are never split across messages. */
  | { type: "list"; title?: string; items: string[] }
  | { type: "context"; text: string }
  | { type: "divider" };

export interface Attachment {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface NeutralMessage {
  /** Plain-text summary: notification text, fallback, and what the console prints first. */
  summary: string;
  blocks: Block[];
  attachments?: Attachment[];
  /**
   * Pictures drawn only once the text is out (an answer's chart): Slack uploads them after the answer,
   * Discord sends them with it. Never stored; digests and alerts carry `attachments` instead.
   */
  pictures?: () => Promise<Attachment[]>;
  /** Whether a command's answer should be visible only to the asker. */
  ephemeral?: boolean;
}

/** Every picture of a message: those it carries and those drawn on request. */
export async function allPictures(message: NeutralMessage): Promise<Attachment[]> {
  return [...(message.attachments ?? []), ...((await message.pictures?.()) ?? [])];
}
