import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createClient } from "@polyrpc/grpc";
import { Contact } from "@polyrpc/stubs";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

describe("Contact", () => {
  let t: SeedServer;
  before(async () => (t = await startSeedServer(30)));
  after(() => t.close());

  it("sendStatus answers every client message, in order", async () => {
    const messages = Array.from({ length: 15 }, (_, i) => ({ msg: `数据:${i + 1}` }));
    const got = [];
    for await (const r of createClient(Contact, t.channel).sendStatus(messages)) got.push(r.ret);
    assert.deepEqual(
      got,
      messages.map((m) => `服务端接收到消息:${m.msg}`),
    );
  });

  it("getTask pushes rounds of 10 tasks after the client announces itself", async () => {
    const tasks: string[] = [];
    for await (const task of createClient(Contact, t.channel).getTask({})) {
      tasks.push(task.task);
      if (tasks.length === 20) break;
    }
    assert.equal(tasks.length, 20);
    for (const task of tasks) assert.match(task, /^任务:(1\d\d|200)$/);
    assert.ok(t.lines.includes("服务端已接收到客户端上线通知,开始发送任务给客户端\n"));
    assert.ok(t.lines.some((l) => l.startsWith("服务端发送给了客户端任务:任务:")));
  });

  it("tellResult acknowledgements reach the server, which prints each", async () => {
    const acks = ["客户端接收到任务:任务:101", "客户端接收到任务:任务:199"];
    const reply = await createClient(Contact, t.channel).tellResult(acks.map((ret) => ({ ret })));
    assert.equal(reply.$typeName, "Empty");
    for (const ack of acks) assert.ok(t.lines.includes(`我已经知道客户端接收到我发过去的任务:${ack}`), `missing ack ${ack}`);
  });

  it("runs the seed's client flow: tasks pushed, then acknowledged on the same connection", async () => {
    const client = createClient(Contact, t.channel);
    async function* acknowledge() {
      let n = 0;
      for await (const task of client.getTask({})) {
        yield { ret: `客户端接收到任务:${task.task}` };
        if (++n === 10) return;
      }
    }
    await client.tellResult(acknowledge());
    const acked = t.lines.filter((l) => l.startsWith("我已经知道客户端接收到我发过去的任务:客户端接收到任务:任务:"));
    assert.ok(acked.length >= 10, `only ${acked.length} acknowledgements printed`);
  });
});
