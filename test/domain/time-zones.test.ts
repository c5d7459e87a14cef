import { describe, expect, it } from "vitest";
import { resolveTimeZone } from "../../src/domain/time-zones.js";

describe("time zones as people type them", () => {
  it.each([
    ["Asia/Seoul", "Asia/Seoul"],
    ["asia/seoul", "Asia/Seoul"],
    ["KST", "Asia/Seoul"],
    ["서울", "Asia/Seoul"],
    ["ET", "America/New_York"],
    ["EST", "America/New_York"],
    ["뉴욕", "America/New_York"],
    ["new  york", "America/New_York"],
    ["PST", "America/Los_Angeles"],
    ["실리콘밸리", "America/Los_Angeles"],
    ["Europe/London", "Europe/London"],
    ["UTC", "UTC"],
  ])("%s → %s", (typed, zone) => {
    expect(resolveTimeZone(typed)).toBe(zone);
  });

  it.each(["Mars/Olympus", "constructor", "", "서울시청"])("%o is no time zone", (typed) => {
    expect(resolveTimeZone(typed)).toBeNull();
  });
});
