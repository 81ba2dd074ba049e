import { setTimeout as sleep } from "node:timers/promises";
import { createServer, service } from "@polyrpc/grpc";
import { Greeter } from "@polyrpc/stubs";

/**
 * A Greeter whose reply is the request headers as JSON (`-bin` values in base64) plus whether the call
 * had a deadline; the name "sleep" makes it wait 2 s first, for deadline tests.
 */
export async function startEchoServer(): Promise<{ target: string; close(): Promise<void> }> {
  const server = createServer({
    services: [
      service(Greeter, {
        async sayHello(request, ctx) {
          if (request.name === "sleep") await sleep(2000, undefined, { signal: ctx.signal }).catch(() => {});
          const headers: Record<string, string[]> = {};
          for (const key of Object.keys(ctx.requestMetadata.getMap()).filter((k) => k.startsWith("x-"))) {
            headers[key] = ctx.requestMetadata.get(key).map((v) => (typeof v === "string" ? v : v.toString("base64")));
          }
          return { message: JSON.stringify({ headers, deadline: ctx.deadline !== undefined }) };
        },
      }),
    ],
    logger: { error() {} },
  });
  const { port } = await server.listen(0, "127.0.0.1");
  return { target: `127.0.0.1:${port}`, close: () => server.shutdown(0) };
}
