import { describe, expect, it } from "vitest";
import { admitEvents } from "../../../worker/schemas/event-admission.ts";

const now = new Date("2026-11-23T12:00:00Z");
const ev = (over: Record<string, unknown> = {}) => ({ id: "evt_00000001", type: "view", at: "2026-11-23T11:59:00Z", ...over });

describe("admitEvents", () => {
  it.each([
    ["a plain view", ev(), null],
    ["4 minutes ahead (clock skew)", ev({ at: "2026-11-23T12:04:00Z" }), null],
    ["6 minutes ahead", ev({ at: "2026-11-23T12:06:00Z" }), "event_in_future"],
    ["7 days old (left in a queue)", ev({ at: "2026-11-16T12:00:00Z" }), null],
    ["9 days old", ev({ at: "2026-11-14T12:00:00Z" }), "event_too_old"],
    // Issue 17: widget times are bounded here, before anything counts with them.
    ["in year 9999", ev({ at: "9999-12-31T23:59:59-14:00" }), "event_in_future"],
    ["in year 0", ev({ at: "0000-01-01T00:00:00Z" }), "event_too_old"],
    ["a short id", ev({ id: "abc" }), "invalid_event"],
    ["an uppercase type", ev({ type: "View" }), "invalid_event"],
    ["not an object", "view", "invalid_event"],
    ["a checkout feel", ev({ type: "checkout_feel", target: "okay" }), null],
    ["a checkout feel without a choice", ev({ type: "checkout_feel" }), "invalid_event"],
  ])("%s", (_, raw, code) => {
    const { valid, rejected } = admitEvents([raw], now);
    if (code === null) {
      expect(rejected).toEqual([]);
      expect(valid).toHaveLength(1);
    } else {
      expect(valid).toEqual([]);
      expect(rejected[0]?.code).toBe(code);
    }
  });

  it("keeps the order and indexes of a mixed batch", () => {
    const { valid, rejected } = admitEvents([ev({ id: "evt_aaaaaaaa" }), { nope: 1 }, ev({ id: "evt_bbbbbbbb" })], now);
    expect(valid.map((e) => e.id)).toEqual(["evt_aaaaaaaa", "evt_bbbbbbbb"]);
    expect(rejected).toEqual([{ index: 1, id: undefined, code: "invalid_event", message: expect.any(String) }]);
  });
});
