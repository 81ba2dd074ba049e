import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";

/** Polls `condition` every 10 ms for up to 3 s, then fails the test. */
export async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await sleep(10);
  }
  assert.fail("condition not met within 3 s");
}
