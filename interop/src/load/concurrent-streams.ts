import { createChannel, createClient } from "@polyrpc/grpc";
import { Contact } from "@polyrpc/stubs";

/** What {@link runConcurrentStreams} measured. */
export interface ConcurrentStreamsResult {
  /** Streams whose every reply arrived, in order, with the expected text. */
  completed: number;
  /** The first wrong reply or error, if any stream went wrong. */
  failures: string[];
  /** Wall time from the first stream opened to the last one closed, in ms. */
  elapsedMs: number;
}

/** Options of {@link runConcurrentStreams}. */
export interface ConcurrentStreamsOptions {
  /** How many Contact.sendStatus streams to hold open at once. */
  streams: number;
  /** Messages each stream sends (and must get back); the first is sent before the barrier. */
  messagesPerStream: number;
  /** Channels (HTTP/2 connections) the streams are spread over. */
  channels: number;
  /** Deadline of every stream, in ms. */
  timeoutMs: number;
}

/**
 * Opens `streams` Contact.sendStatus (bidi echo) streams to `target` and keeps every one of them open
 * until all have received their first reply (a barrier), so the server really holds them all at once;
 * then each sends the rest of its messages, half-closes and checks every reply in order.
 */
export async function runConcurrentStreams(target: string, options: ConcurrentStreamsOptions): Promise<ConcurrentStreamsResult> {
  const channels = Array.from({ length: options.channels }, () => createChannel(target));
  const clients = channels.map((channel) => createClient(Contact, channel));
  let opened = 0;
  let releaseAll!: () => void;
  const allOpen = new Promise<void>((resolve) => (releaseAll = resolve));
  // A stream that fails before the barrier must not leave the others waiting for it forever.
  const arrived = () => {
    if (++opened === options.streams) releaseAll();
  };
  const started = performance.now();
  const failures: string[] = [];

  async function* requests(i: number) {
    yield { msg: `${i}-0` };
    await allOpen;
    for (let k = 1; k < options.messagesPerStream; k++) yield { msg: `${i}-${k}` };
  }

  async function runStream(i: number): Promise<boolean> {
    const client = clients[i % clients.length]!;
    let k = 0;
    let counted = false;
    try {
      for await (const reply of client.sendStatus(requests(i), { timeoutMs: options.timeoutMs })) {
        const expected = `服务端接收到消息:${i}-${k}`;
        if (reply.ret !== expected) throw new Error(`stream ${i}: reply ${k} is ${JSON.stringify(reply.ret)}, expected ${JSON.stringify(expected)}`);
        if (k++ === 0) {
          counted = true;
          arrived();
        }
      }
      if (k !== options.messagesPerStream) throw new Error(`stream ${i}: ${k} replies, expected ${options.messagesPerStream}`);
      return true;
    } catch (e) {
      failures.push((e as Error).message);
      if (!counted) arrived();
      return false;
    }
  }

  try {
    const results = await Promise.all(Array.from({ length: options.streams }, (_, i) => runStream(i)));
    return { completed: results.filter(Boolean).length, failures, elapsedMs: performance.now() - started };
  } finally {
    for (const channel of channels) channel.close();
  }
}
