// A user's program in the pack-and-install test's temporary project. It uses the public API of every
// polyrpc package as installed from the packed tarballs, plus the stubs that `polyrpc gen` wrote for
// proto/echo/v1/echo.proto. The test type-checks it with tsc (strict), then runs it:
//
//   node dist/main.js <host:port of a polyrpc-server>
//
// and it prints one JSON object with what each call answered.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { credentials } from "@grpc/grpc-js";
import { configFileName, loadConfig } from "@polyrpc/codegen";
import { createSeedClients } from "@polyrpc/client";
import { Code, createChannel, createClient, createServer, RpcError, service } from "@polyrpc/grpc";
import { getDistance } from "@polyrpc/server";
import { Greeter, Indicator, PointSchema, RouteGuide, type Feature } from "@polyrpc/stubs";
// The classic stubs, by default import: google-protobuf attaches a _pb module's classes at run time.
import classicMessages from "@polyrpc/stubs-classic/routeguide/route_guide_pb";
import classicServices from "@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb";
import { EchoService } from "./gen/echo/v1/echo_pb.js";

const target = process.argv[2];
if (target === undefined) throw new Error("usage: node dist/main.js <host:port>");

// @polyrpc/client against the polyrpc-server bin.
const clients = createSeedClients(target);
const hello = await clients.greeter.sayHello({ name: "tarball" }, { timeoutMs: 10_000 });
const features: Feature[] = [];
const rectangle = { lo: { latitude: 409000000, longitude: -747000000 }, hi: { latitude: 409200000, longitude: -746000000 } };
for await (const feature of clients.routeGuide.listFeatures(rectangle, { timeoutMs: 10_000 })) features.push(feature);
clients.close();

// @polyrpc/grpc with @polyrpc/stubs directly, including a status error.
const channel = createChannel(target);
const point = await createClient(RouteGuide, channel).getFeature({ latitude: 409146138, longitude: -746188906 }, { timeoutMs: 10_000 });
const greeting = await createClient(Greeter, channel).sayHello({ name: "grpc" }, { timeoutMs: 10_000 });
const reversed = await createClient(Indicator, channel)
  .getMACD({ startDate: "2023-12-31", endDate: "2023-01-01" }, { timeoutMs: 10_000 })
  .then(
    () => "no error",
    (e: unknown) => (e instanceof RpcError ? `${Code[e.code]} ${e.message}` : String(e)),
  );
channel.close();

// The user's own generated service, served and called in this process.
const server = createServer({
  services: [
    service(EchoService, {
      echo(request) {
        if (request.times < 1) throw new RpcError(Code.INVALID_ARGUMENT, `invalid times: ${request.times}`);
        return { text: request.text.toUpperCase().repeat(request.times) };
      },
    }),
  ],
  health: false,
  reflection: false,
});
const { port } = await server.listen(0, "127.0.0.1");
const echo = createClient(EchoService, `127.0.0.1:${port}`);
const echoed = await echo.echo({ text: "generated", times: 2 }, { timeoutMs: 10_000 });
const invalid = await echo.echo({ text: "x", times: 0 }, { timeoutMs: 10_000 }).then(
  () => "no error",
  (e: unknown) => (e instanceof RpcError ? `${Code[e.code]} ${e.message}` : String(e)),
);
await server.shutdown();

// @polyrpc/stubs-classic the grpc-node-examples way: a google-protobuf message and a callback.
const classicClient = new classicServices.RouteGuideClient(target, credentials.createInsecure());
const classicPoint = new classicMessages.Point();
classicPoint.setLatitude(409146138);
classicPoint.setLongitude(-746188906);
const classic = await new Promise<string>((resolve, reject) =>
  classicClient.getFeature(classicPoint, (err, feature) => (err ? reject(err) : resolve(feature!.getName()))),
);
classicClient.close();

// Plain functions of @polyrpc/server, @polyrpc/codegen and the protobuf runtime.
const bytes = toBinary(PointSchema, create(PointSchema, { latitude: 1, longitude: 2 }));
const config = loadConfig(process.cwd(), {});

console.log(
  JSON.stringify({
    hello: hello.message,
    features: features.map((f) => f.name),
    feature: point.name,
    greeting: greeting.message,
    reversed,
    echo: echoed.text,
    invalid,
    // Metres, truncated as RecordRoute's summary does.
    distance: Math.trunc(
      getDistance(create(PointSchema, { latitude: 409146138, longitude: -746188906 }), create(PointSchema, { latitude: 410248224, longitude: -747127767 })),
    ),
    pointRoundTrip: fromBinary(PointSchema, bytes).longitude,
    classic,
    configFile: configFileName,
    pythonPackage: config.python?.package,
  }),
);

/**
 * Never called: each line is a type error as long as the packages' types are real. If a package shipped no
 * types (or `any`), the line would compile and tsc would fail on the unused `@ts-expect-error` instead.
 */
export function typeErrorsThatMustStay(): void {
  // @ts-expect-error sayHello takes a HelloRequest, not a number (@polyrpc/client, @polyrpc/stubs)
  void clients.greeter.sayHello(42);
  // biome-ignore format: a @ts-expect-error covers one line, and the error is at its end
  // @ts-expect-error GetFeature answers a Feature, which has no `message` (@polyrpc/grpc, @polyrpc/stubs)
  void createClient(RouteGuide, target).getFeature({}).then((f) => f.message);
  // @ts-expect-error an EchoRequest's text is a string (generated by @polyrpc/codegen)
  void echo.echo({ text: 1 });
  // @ts-expect-error getDistance takes two points (@polyrpc/server)
  getDistance(create(PointSchema, { latitude: 1 }));
  // @ts-expect-error a classic Point's latitude is a number (@polyrpc/stubs-classic's .d.ts)
  classicPoint.setLatitude("north");
  // @ts-expect-error loadConfig needs the flags argument (@polyrpc/codegen)
  loadConfig(process.cwd());
}
