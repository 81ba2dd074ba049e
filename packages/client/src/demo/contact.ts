import { Code, RpcError } from "@polyrpc/grpc";
import { create } from "@bufbuild/protobuf";
import { ClientMsgSchema, ResultSchema, type ClientMsg, type Result } from "@polyrpc/stubs";
import { DEMO_CALL_TIMEOUT_MS, type Demo, type DemoContext } from "./demo.js";

/** Tasks the server pushes per round (the seed's server makes 10 at a time). */
export const TASKS_PER_ROUND = 10;

/**
 * The seed "基于grpc的流式方式实现双向通讯(python)", bounded: at the same time, one sendStatus round of 15
 * status messages (each answer printed) and one tellResult stream that acknowledges every task the
 * server pushes on getTask, until `rounds` rounds of 10 tasks arrived or `seconds` passed; then the
 * getTask stream is cancelled and both calls are awaited.
 *
 * The seed loops forever: a new sendStatus round every 60 s, and a reconnect every 2 s after an error.
 * Here one round of each is the whole demo and an error ends it (as `polyrpc: <CODE>: <message>`), so
 * the command always ends. Lines are printed as the Python port's `say` prints them, including the
 * blank line after each received task (its text ends in a newline of its own).
 */
export const contactDemo: Demo = {
  name: "contact",
  defaultTarget: "localhost:50051",
  summary: "sendStatus and getTask/tellResult on /Contact, until --rounds rounds of tasks arrived",
  options: ["rounds", "seconds"],
  async run(ctx) {
    const stop = new AbortController();
    const timer = ctx.seconds === undefined ? undefined : setTimeout(() => stop.abort(), ctx.seconds * 1000);
    try {
      const [status, tasks] = await Promise.allSettled([sendStatus(ctx), tellResult(ctx, stop)]);
      if (tasks.status === "rejected") throw tasks.reason;
      if (status.status === "rejected") throw status.reason;
    } finally {
      clearTimeout(timer);
      stop.abort();
    }
  },
};

/** 先制造一些客户端能发送的数据: 15 status messages "数据:<1..20>". */
function* makeSomeData(random: () => number): Generator<ClientMsg> {
  for (let i = 0; i < 15; i++) yield create(ClientMsgSchema, { msg: `数据:${1 + Math.floor(random() * 20)}` });
}

async function sendStatus(ctx: DemoContext): Promise<void> {
  for await (const ret of ctx.clients.contact.sendStatus(makeSomeData(ctx.random), { timeoutMs: DEMO_CALL_TIMEOUT_MS })) {
    ctx.print(ret.ret);
  }
}

/** 客户端再通知服务端我接收到你的消息了: acknowledges each pushed task on one tellResult stream. */
async function tellResult(ctx: DemoContext, stop: AbortController): Promise<void> {
  const maxTasks = ctx.rounds * TASKS_PER_ROUND;
  // An error of getTask, kept aside: thrown from the acknowledgements it would only cancel tellResult,
  // and the user would see CANCELLED instead of the cause.
  let taskError: unknown;
  async function* getTask(): AsyncGenerator<Result> {
    let received = 0;
    try {
      for await (const task of ctx.clients.contact.getTask({}, { signal: stop.signal })) {
        ctx.print(`客户端已接收到服务端任务:${task.task}\n`);
        // 顺便再告诉服务端我已经接收到你发的任务,你不用担心我没接收到它
        yield create(ResultSchema, { ret: `客户端接收到任务:${task.task}` });
        if (++received >= maxTasks) return; // leaving the loop cancels getTask
      }
    } catch (e) {
      // A cancel by --seconds is the planned end, not an error.
      if (!(stop.signal.aborted && e instanceof RpcError && e.code === Code.CANCELLED)) taskError = e;
    }
  }
  try {
    await ctx.clients.contact.tellResult(getTask());
  } catch (e) {
    throw taskError ?? e;
  }
  if (taskError !== undefined) throw taskError;
}
