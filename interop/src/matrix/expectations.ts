import type { Json, Outcome } from "./outcome.js";

/**
 * What every cell of a case must show, whatever the server and client (interop/CASES.md). Fields not
 * listed here (distances, MACD values, feature names) are checked against the reference cell instead.
 */
export const expectations: Record<string, Outcome> = {
  "greeter.say_hello": { messages: ["Hello, World", "Hello, 世界"] },
  "firstmsg.success": { content: '{"code": 200, "data": "success"}' },
  "firstmsg.failure": { content: '{"code": 500, "data": "failure"}' },
  "firstmsg.invalid_json": {
    code: "INVALID_ARGUMENT",
    message: 'invalid body: not valid JSON: "{not json — ünïcode ✓"',
    violations: [["body", 'invalid body: not valid JSON: "{not json — ünïcode ✓"']],
  },
  "routeguide.get_feature": {
    features: [
      { name: "Berkshire Valley Management Area Trail, Jefferson, NJ, USA", latitude: 409146138, longitude: -746188906 },
      { name: "", latitude: 0, longitude: 0 },
    ],
  },
  "routeguide.list_features": {},
  "routeguide.record_route": { point_count: 101, feature_count: 100, elapsed_time_ok: true },
  "routeguide.route_chat": { received: ["First message@0,0", "Third message@1,0"] },
  "contact.send_status": { replies: Array.from({ length: 15 }, (_, i) => `服务端接收到消息:数据:${i + 1}`) },
  "contact.get_task": { count: 10, all_match: true },
  "contact.tell_result": { acks_sent: 2 },
  "indicator.get_macd": {},
  "indicator.invalid_dates": {
    errors: [
      {
        code: "INVALID_ARGUMENT",
        message: 'invalid start_date: "2023-13-01" is not a date in YYYY-MM-DD form',
        violations: [["start_date", 'invalid start_date: "2023-13-01" is not a date in YYYY-MM-DD form']],
      },
      {
        code: "INVALID_ARGUMENT",
        message: 'invalid end_date: "31/12/2023" is not a date in YYYY-MM-DD form',
        violations: [["end_date", 'invalid end_date: "31/12/2023" is not a date in YYYY-MM-DD form']],
      },
      {
        code: "INVALID_ARGUMENT",
        message: "invalid range: start_date 2023-12-31 is after end_date 2023-01-01",
        violations: [
          ["start_date", "invalid range: start_date 2023-12-31 is after end_date 2023-01-01"],
          ["end_date", "invalid range: start_date 2023-12-31 is after end_date 2023-01-01"],
        ],
      },
    ],
  },
  "indicator_graph.get_macd_graph": {
    png: true,
    width: 800,
    height: 400,
    offsets_contiguous: true,
    total_size_consistent: true,
    sha256_ok: true,
    max_chunk_ok: true,
  },
  "indicator_graph.chunk_size": {
    png: true,
    width: 1000,
    height: 600,
    offsets_contiguous: true,
    total_size_consistent: true,
    sha256_ok: true,
    max_chunk_ok: true,
    chunks_full: true,
  },
  "indicator_graph.invalid_size": {
    code: "INVALID_ARGUMENT",
    message: "invalid width: 99 is outside 100..4000",
    violations: [["width", "invalid width: 99 is outside 100..4000"]],
    chunks: 0,
  },
  "errors.custom_metadata": {
    unary: { initial: "test_initial_metadata_value", trailing_bin: "ababab" },
    server_streaming: { initial: "test_initial_metadata_value", trailing_bin: "ababab" },
  },
  "errors.deadline_exceeded": { code: "DEADLINE_EXCEEDED" },
  "errors.cancel_after_first_response": { code: "CANCELLED", received: 1 },
  "errors.unimplemented_method": { code: "UNIMPLEMENTED" },
  "errors.unimplemented_service": { code: "UNIMPLEMENTED" },
};

/**
 * The first place where `actual` differs from `expected`, as `path: expected X, got Y`, or undefined
 * when they are equal. Only keys of `expected` are compared when `partial` is set.
 */
export function firstDifference(expected: Json, actual: Json, path = "", partial = false): string | undefined {
  const at = path === "" ? "outcome" : path;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${show(actual)}`;
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length) return `${at}: got ${actual.length} items, expected ${expected.length} (extra ${show(actual[i]!)})`;
      if (i >= actual.length) return `${at}: got ${actual.length} items, expected ${expected.length} (missing ${show(expected[i]!)})`;
      const d = firstDifference(expected[i]!, actual[i]!, `${at}[${i}]`, partial);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return `${at}: expected an object, got ${show(actual)}`;
    const keys = partial ? Object.keys(expected) : [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const key of keys) {
      const child = path === "" ? key : `${path}.${key}`;
      if (!(key in actual)) return `${child}: missing, expected ${show(expected[key]!)}`;
      if (!(key in expected)) return `${child}: unexpected field with ${show(actual[key]!)}`;
      const d = firstDifference(expected[key]!, actual[key]!, child, partial);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) || expected === actual ? undefined : `${at}: expected ${show(expected)}, got ${show(actual)}`;
}

function show(value: Json): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
