import { describe, expect, it } from "vitest";
import { latestWindow, nextWindow } from "../../src/jobs/digest-window.js";

const since2026 = "2026-01-01T00:00:00Z";

describe("digest windows in the channel's time zone", () => {
  it.each([
    // [tz, time, now (UTC), expected window key, expected due instant]
    ["Asia/Seoul", "08:00", "2026-03-02T00:00:00Z", "2026-03-02", "2026-03-01T23:00:00.000Z"],
    ["Asia/Seoul", "08:00", "2026-03-01T22:59:00Z", "2026-03-01", "2026-02-28T23:00:00.000Z"],
    ["America/New_York", "02:30", "2026-03-08T07:30:00Z", "2026-03-08", "2026-03-08T07:30:00.000Z"], // 02:30 skipped → 03:30 EDT
    ["America/New_York", "02:30", "2026-03-08T07:29:00Z", "2026-03-07", "2026-03-07T07:30:00.000Z"],
    ["America/New_York", "01:30", "2026-11-01T05:30:00Z", "2026-11-01", "2026-11-01T05:30:00.000Z"], // first 01:30 (EDT)
    ["America/New_York", "01:30", "2026-11-01T06:45:00Z", "2026-11-01", "2026-11-01T05:30:00.000Z"], // second 01:30 is the same window
    ["Europe/London", "00:30", "2026-03-29T00:30:00Z", "2026-03-29", "2026-03-29T00:30:00.000Z"],
  ])("%s %s at %s falls in window %s due %s", (tz, time, now, key, at) => {
    const w = latestWindow({ tz, time, day: null, setAt: since2026 }, new Date(now));
    expect(w?.key).toBe(key);
    expect(w?.at.toISOString()).toBe(at);
  });

  it("a weekly schedule's latest window is the last matching weekday", () => {
    // 2026-03-04 is a Wednesday; Monday 09:00 in Seoul was 2026-03-02T00:00Z.
    const w = latestWindow(
      { tz: "Asia/Seoul", time: "09:00", day: "mon", setAt: since2026 },
      new Date("2026-03-04T12:00:00Z"),
    );
    expect(w?.key).toBe("2026-03-02");
    expect(nextWindow({ tz: "Asia/Seoul", time: "09:00", day: "mon" }, new Date("2026-03-04T12:00:00Z")).key).toBe(
      "2026-03-09",
    );
  });

  it("no window is due before the schedule was set", () => {
    expect(
      latestWindow(
        { tz: "Asia/Seoul", time: "08:00", day: null, setAt: "2026-03-02T01:00:00Z" },
        new Date("2026-03-02T02:00:00Z"),
      ),
    ).toBeNull();
  });
});
