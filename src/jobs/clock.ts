/** The jobs' notion of now; tests pass a fake clock and drive time themselves. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
