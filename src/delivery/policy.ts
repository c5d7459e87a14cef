/** Retry policy: how long to wait after a failed attempt, and when to give up. */
export interface RetryPolicy {
  /** Failed attempts (429s excluded) before a message is parked as failed. */
  maxAttempts: number;
  /** First backoff ceiling; doubles each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a platform's Retry-After we honour, so a bogus header cannot stall a channel for a day. */
  maxRetryAfterMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 15 * 60_000,
};

/** Exponential backoff with full jitter: a uniform wait in [0, min(max, base·2^(attempt-1))]. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
