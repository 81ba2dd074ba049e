import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Base64Decoder, Base64Encoder } from "./base64-stream.js";

describe("Base64Decoder", () => {
  it("decodes text split anywhere, including several padded strings in a row", () => {
    const parts = [Buffer.from("a"), Buffer.from("bc"), Buffer.from("defg")];
    const text = parts.map((p) => p.toString("base64")).join("");
    assert.equal(text, "YQ==YmM=ZGVmZw==");
    for (let cut = 0; cut <= text.length; cut++) {
      const decoder = new Base64Decoder();
      const out = Buffer.concat([decoder.push(text.slice(0, cut)), decoder.push(text.slice(cut))]);
      decoder.end();
      assert.equal(out.toString(), "abcdefg", `cut at ${cut}`);
    }
  });

  it("names a character that is not base64, and a body that ends inside a quantum", () => {
    assert.throws(() => new Base64Decoder().push("YQ=*"), { message: 'invalid grpc-web-text body: "*" is not a base64 character' });
    const decoder = new Base64Decoder();
    decoder.push("YmM");
    assert.throws(() => decoder.end(), { message: "invalid grpc-web-text body: 3 base64 characters left over at the end" });
  });
});

describe("Base64Encoder", () => {
  it("encodes a stream as one base64 string, padded only at the end", () => {
    const bytes = Buffer.from("hello, grpc-web-text");
    const encoder = new Base64Encoder();
    let text = "";
    for (const [from, to] of [
      [0, 1],
      [1, 3],
      [3, 7],
      [7, 12],
      [12, 20],
    ] as const)
      text += encoder.push(bytes.subarray(from, to));
    text += encoder.end();
    assert.equal(text, bytes.toString("base64"));
    assert.ok(text.endsWith("="), "20 bytes need padding");
    assert.ok(!/=[^=]/.test(text), "no padding before the end");
  });
});
