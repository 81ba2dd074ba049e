import { DEMO_CALL_TIMEOUT_MS, type Demo } from "./demo.js";

/**
 * The seed "Python学习笔记-gRPC": sends a JSON body, then an empty one, and prints each response's content.
 * The body is written as Python's `json.dumps` writes it (`", "` and `": "` separators), so the server
 * receives the same bytes from this client as from the Python one.
 */
export const firstMsgDemo: Demo = {
  name: "firstmsg",
  defaultTarget: "127.0.0.1:10080",
  summary: "sends a JSON body, then an empty one, to /firstmsg.FirstMsg/firstMsg",
  options: [],
  async run({ clients, print }) {
    const msg: [string, number | string][] = [
      ["from", 1],
      ["to", 2],
      ["op_time", formatLocalTime(new Date())],
      ["msg", "hello"],
    ];
    const body = `{${msg.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")}}`;
    let response = await clients.firstMsg.firstMsg({ body }, { timeoutMs: DEMO_CALL_TIMEOUT_MS });
    print(`response content : ${response.content}`);
    // The seed passed body=None; the empty string is what that means in proto3 (and on the wire).
    response = await clients.firstMsg.firstMsg({ body: "" }, { timeoutMs: DEMO_CALL_TIMEOUT_MS });
    print(`response content : ${response.content}`);
  },
};

/** Python's `datetime.now().strftime("%Y-%m-%d %H:%M:%S")`: local time. */
export function formatLocalTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(d.getFullYear()).padStart(4, "0")}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
