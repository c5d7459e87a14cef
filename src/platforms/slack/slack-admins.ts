/**
 * Who may change a Slack channel's alerts and digest: workspace admins and owners (users.info), or
 * users listed in SLACK_ADMIN_USERS. Answers are cached briefly so a burst of commands costs one call.
 */
import type { WebClient } from "@slack/web-api";
import type { CommandServices } from "../../../commands/shared/run.js";

const TTL_MS = 10 * 60_000;

export class SlackAdmins {
  private readonly cache = new Map<string, { manager: boolean; at: number }>();
  private readonly listed: Set<string>;

  constructor(
    private readonly client: WebClient,
    adminUsers: readonly string[],
    private readonly logger: CommandServices["logger"],
  ) {
    this.listed = new Set(adminUsers);
  }

  async isManager(userId: string): Promise<boolean> {
    if (this.listed.has(userId)) return true;
    const hit = this.cache.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.manager;
    let manager = false;
    try {
      const res = await this.client.users.info({ user: userId });
      manager = Boolean(res.user?.is_admin || res.user?.is_owner || res.user?.is_primary_owner);
    } catch (err) {
      // without an answer, treat the user as not a manager; they are told how to get the right
      this.logger.warn({ err, userId }, "users.info failed; treating the user as a non-admin");
      return false;
    }
    this.cache.set(userId, { manager, at: Date.now() });
    return manager;
  }
}
