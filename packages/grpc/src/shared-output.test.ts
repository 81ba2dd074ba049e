// The server's response serializer writes into one shared buffer (serialization.ts, `sharedOutput`),
// which is only correct because the grpc-js server copies each serialized response into its frame at
// once. These tests pin that behaviour of grpc-js end to end: if it ever kept the serialized buffer,
// responses written before the socket took them would carry a later message's bytes.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { IndicatorGraph } from "@polyrpc/stubs";
import { createClient } from "./create-client.js";
import { service } from "./service-impl.js";
import { createMethodDefinition } from "./service-definition.js";
import { startServer, type TestServer } from "./testdata/start-server.js";

const CHUNKS = 300;
const CHUNK_BYTES = 64 * 1024;

/** Chunk i: every byte is i mod 251, so a chunk that carries another's bytes is caught at any offset. */
function chunk(i: number): Uint8Array {
  return new Uint8Array(CHUNK_BYTES).fill(i % 251);
}

describe("responses encoded into the shared output buffer", () => {
  let t: TestServer;
  before(async () => {
    t = await startServer({
      services: [
        service(IndicatorGraph, {
          async *getMACDGraph() {
            // As fast as grpc-js takes them: many responses are serialized before the socket writes any.
            for (let i = 0; i < CHUNKS; i++)
              yield { macdChunk: chunk(i), offset: BigInt(i * CHUNK_BYTES), sha256: createHash("sha256").update(chunk(i)).digest() };
          },
        }),
      ],
    });
  });
  after(() => t.close());

  it("arrive intact and in order when hundreds are written faster than the socket sends them", async () => {
    const client = createClient(IndicatorGraph, t.channel);
    let i = 0;
    for await (const reply of client.getMACDGraph({})) {
      assert.equal(reply.offset, BigInt(i * CHUNK_BYTES), `offset of chunk ${i}`);
      assert.equal(reply.macdChunk.byteLength, CHUNK_BYTES);
      const wrong = reply.macdChunk.findIndex((b) => b !== i % 251);
      assert.equal(wrong, -1, `chunk ${i} has a foreign byte at ${wrong}`);
      assert.deepEqual(new Uint8Array(reply.sha256), new Uint8Array(createHash("sha256").update(chunk(i)).digest()));
      i++;
    }
    assert.equal(i, CHUNKS);
  });

  it("come only from definitions made for a grpc-js server; other definitions get a fresh buffer per message", () => {
    const server = createMethodDefinition(IndicatorGraph.method.getMACDGraph, { forGrpcJsServer: true });
    assert.ok(server.responseSerialize({ macdChunk: chunk(1) }).buffer === server.responseSerialize({ macdChunk: chunk(2) }).buffer);
    const plain = createMethodDefinition(IndicatorGraph.method.getMACDGraph);
    assert.ok(plain.responseSerialize({ macdChunk: chunk(1) }).buffer !== plain.responseSerialize({ macdChunk: chunk(2) }).buffer);
  });
});
