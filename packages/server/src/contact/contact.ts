import { setTimeout as sleep } from "node:timers/promises";
import { answerEach, type ServiceImpl } from "@polyrpc/grpc";
import type { Contact, ServerMsg } from "@polyrpc/stubs";
import { printLog, type Log } from "../log.js";

/** Options of {@link createContact}. */
export interface ContactOptions {
  /** Pause between two rounds of pushed tasks, in ms. The seed sleeps 40 s; serve uses a short default. */
  pushIntervalMs: number;
  /** Where the seed's lines go. Default: stdout. */
  log?: Log;
  /** Random integer in [min, max], for the tasks' numbers; replaceable for tests. */
  randint?: (min: number, max: number) => number;
}

/**
 * Contact, the seed's server-push pattern: a client announces itself with getTask and receives, round
 * after round, the tasks the server queued (10 new ones per round, pushed after a pause); sendStatus
 * answers each client message; tellResult prints each acknowledgement. Prints the seed's lines.
 *
 * As in the seed, the task list is shared by every client of this instance and each getTask stream
 * replays it from the start; unlike the seed, a stream stops as soon as its client goes away instead of
 * sleeping out its round.
 */
export function createContact(options: ContactOptions): ServiceImpl<typeof Contact> {
  const log = options.log ?? printLog;
  const randint = options.randint ?? ((min, max) => min + Math.floor(Math.random() * (max - min + 1)));
  const tasks: ServerMsg[] = [];
  return {
    // One reply per message: answerEach serves it from grpc-js's events, without async iterables.
    sendStatus: answerEach((note) => ({ ret: `服务端接收到消息:${note.msg}` })),

    async *getTask(_empty, ctx) {
      log("服务端已接收到客户端上线通知,开始发送任务给客户端\n");
      let lastIndex = 0;
      while (!ctx.signal.aborted) {
        log("服务端开始发送任务给客户端了。。。。。。\n");
        while (tasks.length > lastIndex) {
          const task = tasks[lastIndex++]!;
          yield task;
          log(`服务端发送给了客户端任务:${task.task}##########\n`);
        }
        for (let i = 0; i < 10; i++) tasks.push({ $typeName: "ServerMsg", task: `任务:${randint(100, 200)}` });
        await sleep(options.pushIntervalMs, undefined, { signal: ctx.signal }).catch(() => {});
      }
    },

    async tellResult(results) {
      for await (const result of results) log(`我已经知道客户端接收到我发过去的任务:${result.ret}`);
      return {};
    },
  };
}
