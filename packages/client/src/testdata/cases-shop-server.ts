import { create, type DescService, type Message } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { BadRequestSchema, Code, createServer, RpcError, service, type ServerTlsConfig } from "@polyrpc/grpc";
import { protoFilesSource } from "../schema/schema-source.js";
import { shopProtoRoot } from "./shop-server.js";

/** Which single thing a planted server answers differently from an honest one. */
export type Plant = "none" | "name" | "violation";

/** A running TypeScript shop.v1.Shop server for the case-runner tests. */
export interface CasesShopServer {
  target: string;
  /** How many calls reached a Shop method (reflection and health calls are not counted). */
  calls(): number;
  close(): Promise<void>;
}

/**
 * Serves shop.v1.Shop (testdata/shop/v1/shop.proto, compiled at run time) in TypeScript on 127.0.0.1
 * port 0, with reflection. Every answer is computed from the request, so two servers agree unless
 * `plant` makes this one differ in exactly one place: `name` gives GetItem id 7 the name "item seven"
 * instead of "item 7"; `violation` names the field of GetItem's BadRequest violation `item_id`, not `id`.
 * With `tls` it serves over TLS (mutual TLS when `tls.ca` is given).
 */
export async function startCasesShopServer(plant: Plant = "none", tls?: ServerTlsConfig): Promise<CasesShopServer> {
  const schema = await protoFilesSource(["shop/v1/shop.proto"], [shopProtoRoot], process.cwd());
  const registry = await schema.load("shop.v1.Shop");
  const shop = registry.getService("shop.v1.Shop") as DescService;
  const itemSchema = registry.getMessage("shop.v1.Item")!;
  let calls = 0;
  const item = (id: bigint): Message =>
    create(itemSchema, {
      id,
      name: plant === "name" && id === 7n ? "item seven" : `item ${id}`,
      kind: 1,
      stock: { north: id * 2n, south: 0n },
      price: id % 2n === 0n ? { case: "cents", value: id * 100n } : { case: "freeText", value: "ask" },
      added: { seconds: 1_700_000_000n + (id % 1000n), nanos: 500 },
      tags: ["t1", `id-${id}`],
    });
  const impl = {
    async getItem(request: { id: bigint }) {
      calls++;
      if (request.id <= 0n) {
        const violation = { field: plant === "violation" ? "item_id" : "id", description: `must be positive, got ${request.id}` };
        throw new RpcError(Code.INVALID_ARGUMENT, `invalid id: ${request.id}`, undefined, {
          details: [anyPack(BadRequestSchema, create(BadRequestSchema, { fieldViolations: [violation] }))],
        });
      }
      return item(request.id);
    },
    async *listItems(request: { kind: number }) {
      calls++;
      for (let id = 1n; id <= 3n; id++) yield { ...item(id), kind: request.kind };
    },
    async addItems(requests: AsyncIterable<{ price: { case: string | undefined; value?: unknown } }>) {
      calls++;
      let count = 0;
      let totalCents = 0n;
      for await (const r of requests) {
        count++;
        if (r.price.case === "cents") totalCents += r.price.value as bigint;
      }
      return { count, totalCents };
    },
    async *haggle(requests: AsyncIterable<{ cents: bigint }>) {
      calls++;
      for await (const offer of requests) yield { cents: offer.cents + 1n };
    },
  };
  const server = createServer({ services: [service(shop, impl as never)], logger: { error() {} }, ...(tls === undefined ? {} : { tls }) });
  const { port } = await server.listen(0, "127.0.0.1");
  return { target: `127.0.0.1:${port}`, calls: () => calls, close: () => server.shutdown(0) };
}
