import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CellResult } from "./cell-result.js";
import { renderHtml } from "./html-report.js";
import { renderTable, summaryLine } from "./terminal-table.js";

const results: CellResult[] = [
  { row: "greeter.say_hello", column: "ts server × ts client", status: "pass", ms: 3 },
  { row: "greeter.say_hello", column: "py server × ts client", status: "fail", ms: 7, detail: 'messages[0]: expected "Hello, World", got "Hi"\nsecond line' },
  { row: "official.empty_unary", column: "ts server × go client", status: "skipped", ms: 0, detail: "go not found on PATH" },
];

describe("renderTable", () => {
  it("lays out cases by pairing with status and time, then one line per non-pass", () => {
    const table = renderTable(results).split("\n");
    assert.match(table[0]!, /^case\s+ts server × ts client\s+py server × ts client\s+ts server × go client$/);
    assert.match(table[2]!, /^greeter\.say_hello\s+pass 3ms\s+FAIL 7ms\s+-$/);
    assert.ok(table.includes('  FAIL  greeter.say_hello [py server × ts client]: messages[0]: expected "Hello, World", got "Hi"'));
    assert.equal(table.at(-1), "interop: 1 passed, 1 failed, 1 skipped, 0 known failures");
  });

  it("summarises counts in the plain closing-line form", () => {
    assert.equal(summaryLine([]), "interop: 0 passed, 0 failed, 0 skipped, 0 known failures");
  });
});

describe("renderHtml", () => {
  it("is one self-contained page with every cell and escaped details", () => {
    const html = renderHtml([...results, { row: "x.<script>", column: "c", status: "fail", ms: 1, detail: "<b>&" }], { generatedAt: "now", title: "t" });
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|src=|href=/);
    assert.match(html, /<td class="fail" title="messages\[0\]: expected &#34;Hello, World&#34;, got &#34;Hi&#34;\nsecond line">fail<small>7 ms<\/small><\/td>/);
    assert.match(html, /x\.&#60;script&#62;/);
    assert.match(html, /1 pass, 2 fail, 0 known-failure, 1 skipped/);
  });
});
