import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";
import { formatLocalTime } from "./first-msg.js";

describe("polyrpc demo firstmsg", () => {
  let seed: SeedServer;
  before(async () => {
    seed = await startSeedServer();
  });
  after(() => seed.close());

  it("prints the success reply to a JSON body and the failure reply to an empty one", async () => {
    const r = await run("demo", ["firstmsg", "--target", seed.target]);
    assert.deepEqual(r, {
      code: 0,
      stdout: 'response content : {"code": 200, "data": "success"}\nresponse content : {"code": 500, "data": "failure"}\n',
      stderr: "",
    });
  });

  it("sends the body as Python's json.dumps writes it", async () => {
    seed.lines.length = 0;
    await run("demo", ["firstmsg", "--target", seed.target]);
    assert.match(seed.lines[0]!, /^receive client request : \{"from": 1, "to": 2, "op_time": "\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "msg": "hello"\}$/);
    assert.equal(seed.lines.at(-1), "receive client request : ");
  });
});

describe("formatLocalTime", () => {
  it("formats like strftime('%Y-%m-%d %H:%M:%S') in local time", () => {
    assert.equal(formatLocalTime(new Date(2023, 0, 2, 3, 4, 5)), "2023-01-02 03:04:05");
  });
});
