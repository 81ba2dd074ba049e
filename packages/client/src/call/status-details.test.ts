import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack, AnySchema, DurationSchema } from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, Code, createServer, ErrorInfoSchema, Metadata, RpcError, service, StatusSchema, type PolyServer } from "@polyrpc/grpc";
import { Greeter, HelloRequestSchema } from "@polyrpc/stubs";
import { run } from "../testdata/run-command.js";

// A detail of a type in no registry the call has (shop.QuotaDetail, with the bytes of reason "QUOTA",
// domain "shop.test"), so the CLI can only show the bytes.
const quotaDetail = Buffer.from([0x0a, 0x05, ...Buffer.from("QUOTA"), 0x12, 0x09, ...Buffer.from("shop.test")]);

/** A failure of INVALID_ARGUMENT "bad name" carrying `detailsBin` as grpc-status-details-bin. */
function failure(detailsBin: Uint8Array): RpcError {
  const trailers = new Metadata();
  trailers.set("grpc-status-details-bin", Buffer.from(detailsBin));
  return new RpcError(Code.INVALID_ARGUMENT, "bad name", trailers);
}

describe("polyrpc call with rich error details", () => {
  let server: PolyServer;
  let target = "";
  before(async () => {
    server = createServer({
      services: [
        service(Greeter, {
          sayHello(request) {
            if (request.name === "rich") {
              const status = create(StatusSchema, {
                code: Code.INVALID_ARGUMENT,
                message: "bad name",
                details: [
                  anyPack(HelloRequestSchema, create(HelloRequestSchema, { name: "Ada" })),
                  anyPack(DurationSchema, create(DurationSchema, { seconds: 1n, nanos: 500_000_000 })),
                  create(AnySchema, { typeUrl: "type.googleapis.com/shop.QuotaDetail", value: quotaDetail }),
                  // google.rpc's error details are known without the call's schema: @polyrpc/grpc has them.
                  anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "QUOTA", domain: "shop.test" })),
                  anyPack(BadRequestSchema, create(BadRequestSchema, { fieldViolations: [{ field: "name", description: "too short" }] })),
                ],
              });
              throw failure(toBinary(StatusSchema, status));
            }
            if (request.name === "garbage") throw failure(Buffer.from([0xff]));
            throw new RpcError(Code.INVALID_ARGUMENT, "bad name");
          },
        }),
      ],
      logger: { error() {} },
    });
    target = `127.0.0.1:${(await server.listen(0, "127.0.0.1")).port}`;
  });
  after(() => server?.shutdown(0));

  it("prints each detail as JSON when the schema knows its type, else its type URL and bytes, then the status", async () => {
    assert.deepEqual(await run("call", [target, "Greeter/SayHello", '{"name": "rich"}']), {
      code: 1,
      stdout: "",
      stderr:
        "polyrpc: error details (google.rpc.Status):\n" +
        '  {"@type":"type.googleapis.com/HelloRequest","name":"Ada"}\n' +
        '  {"@type":"type.googleapis.com/google.protobuf.Duration","value":"1.500s"}\n' +
        `  type.googleapis.com/shop.QuotaDetail (not in the schema): ${quotaDetail.toString("base64")}\n` +
        '  {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"QUOTA","domain":"shop.test"}\n' +
        '  {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"name","description":"too short"}]}\n' +
        "polyrpc: INVALID_ARGUMENT: bad name\n",
    });
  });

  it("says so when grpc-status-details-bin is not a google.rpc.Status, and prints only the status without it", async () => {
    const garbage = await run("call", [target, "Greeter/SayHello", '{"name": "garbage"}']);
    assert.equal(garbage.code, 1);
    assert.match(
      garbage.stderr,
      /^polyrpc: error details \(google\.rpc\.Status\):\n {2}grpc-status-details-bin is not a google\.rpc\.Status \(.+\): \/w==\npolyrpc: INVALID_ARGUMENT: bad name\n$/,
    );
    assert.deepEqual(await run("call", [target, "Greeter/SayHello", '{"name": "plain"}']), {
      code: 1,
      stdout: "",
      stderr: "polyrpc: INVALID_ARGUMENT: bad name\n",
    });
  });
});
