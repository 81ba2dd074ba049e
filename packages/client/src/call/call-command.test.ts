import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createServer } from "@polyrpc/grpc";
import { createSeedServices } from "@polyrpc/server";
import { startEchoServer } from "../testdata/echo-server.js";
import { run } from "../testdata/run-command.js";
import { startSeedServer, type SeedServer } from "../testdata/seed-server.js";

const rectangle = '{"lo": {"latitude": 400000000, "longitude": -750000000}, "hi": {"latitude": 420000000, "longitude": -730000000}}';

describe("polyrpc call", () => {
  let seed: SeedServer;
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  before(async () => {
    seed = await startSeedServer();
    echo = await startEchoServer();
  });
  after(async () => {
    await seed.close();
    await echo.close();
  });

  describe("with a good request", () => {
    it("calls a unary method and prints the response as proto3 JSON", async () => {
      const r = await run("call", [seed.target, "Greeter/SayHello", '{"name":"x"}']);
      assert.deepEqual(r, { code: 0, stdout: '{\n  "message": "Hello, x"\n}\n', stderr: "" });
    });

    it("accepts the method as an HTTP/2 path with a leading slash, and a proto package", async () => {
      const r = await run("call", [seed.target, "/firstmsg.FirstMsg/firstMsg", '{"body": "{}"}']);
      assert.equal(r.code, 0);
      assert.deepEqual(JSON.parse(r.stdout), { content: '{"code": 200, "data": "success"}' });
    });

    it("reads a unary request from stdin when the argument is absent or -, and treats empty input as {}", async () => {
      assert.equal((await run("call", [seed.target, "Greeter/SayHello"], { stdin: '{"name": "stdin"}\n' })).stdout, '{\n  "message": "Hello, stdin"\n}\n');
      assert.equal((await run("call", [seed.target, "Greeter/SayHello", "-"], { stdin: '{"name": "dash"}' })).stdout, '{\n  "message": "Hello, dash"\n}\n');
      assert.equal((await run("call", [seed.target, "Greeter/SayHello"], { stdin: "  \n" })).stdout, '{\n  "message": "Hello, "\n}\n');
    });

    it("prints every message of a server stream, one JSON document each", async () => {
      const r = await run("call", [seed.target, "routeguide.RouteGuide/ListFeatures", rectangle]);
      assert.equal(r.code, 0);
      const documents = r.stdout.split(/\n(?=\{)/);
      assert.equal(documents.length, 100);
      assert.deepEqual(JSON.parse(documents[0]!), {
        name: "Patriots Path, Mendham, NJ 07945, USA",
        location: { latitude: 407838351, longitude: -746143763 },
      });
      assert.ok(r.stdout.startsWith('{\n  "name": "Patriots Path, Mendham, NJ 07945, USA",\n  "location": {\n    "latitude": 407838351,'));
    });

    it("sends a client stream read from stdin, one JSON value per message", async () => {
      const stdin = '{"latitude": 409146138, "longitude": -746188906}\n{"latitude": 0}\n{"latitude": 409146138, "longitude": -746188906}{}\n';
      const r = await run("call", [seed.target, "routeguide.RouteGuide/RecordRoute"], { stdin });
      assert.equal(r.code, 0, r.stderr);
      const summary = JSON.parse(r.stdout) as Record<string, number>;
      assert.equal(summary["pointCount"], 4);
      assert.equal(summary["featureCount"], 2);
      assert.ok(summary["distance"]! > 9_000_000, `distance ${summary["distance"]}`);
    });

    it("runs a bidi stream from the argument's sequence of values and prints the replies", async () => {
      const notes = [
        '{"message": "First", "location": {}}',
        '{"message": "Second", "location": {"longitude": 1}}',
        '{"message": "Third", "location": {}}',
      ].join("\n");
      const r = await run("call", [seed.target, "routeguide.RouteGuide/RouteChat", notes]);
      assert.deepEqual(r, { code: 0, stdout: '{\n  "location": {},\n  "message": "First"\n}\n', stderr: "" });
    });

    it("runs a bidi stream with Contact's legacy names", async () => {
      const r = await run("call", [seed.target, "Contact/sendStatus", "-"], { stdin: '{"msg": "a"}\n{"msg": "b"}\n' });
      assert.equal(r.stdout, '{\n  "ret": "服务端接收到消息:a"\n}\n{\n  "ret": "服务端接收到消息:b"\n}\n');
    });

    it("sends -H headers, -bin ones decoded from base64, and a repeated key with every value", async () => {
      // The server sees a repeated key's values joined with ", ", as HTTP/2 allows.
      const r = await run("call", [echo.target, "Greeter/SayHello", "{}", "-H", "X-Token: abc ", "--header", "x-token:def", "-H", "x-data-bin: AAH/"]);
      assert.equal(r.code, 0, r.stderr);
      const { headers, deadline } = JSON.parse((JSON.parse(r.stdout) as { message: string }).message) as { headers: unknown; deadline: boolean };
      assert.deepEqual(headers, { "x-token": ["abc, def"], "x-data-bin": ["AAH/"] });
      assert.equal(deadline, true, "a default deadline is set");
    });

    it("sets no deadline with --timeout 0", async () => {
      const r = await run("call", [echo.target, "Greeter/SayHello", "{}", "--timeout", "0"]);
      assert.equal((JSON.parse((JSON.parse(r.stdout) as { message: string }).message) as { deadline: boolean }).deadline, false);
    });

    it("calls and describes grpc-js's health service, whose reflected descriptors name types relatively", async () => {
      assert.deepEqual(await run("call", [seed.target, "grpc.health.v1.Health/Check", '{"service": "routeguide.RouteGuide"}']), {
        code: 0,
        stdout: '{\n  "status": "SERVING"\n}\n',
        stderr: "",
      });
      const described = await run("describe", [seed.target, "grpc.health.v1.HealthCheckResponse"]);
      assert.equal(described.code, 0, described.stderr);
      assert.match(described.stdout, /^ {2}\.grpc\.health\.v1\.HealthCheckResponse\.ServingStatus status = 1;$/m);
    });

    it("falls back to polyrpc's stubs for a server without reflection, and says so with -v", async () => {
      const server = createServer({ services: await createSeedServices({ log: () => {} }), reflection: false, logger: { error() {} } });
      const { port } = await server.listen(0, "127.0.0.1");
      try {
        const r = await run("call", [`127.0.0.1:${port}`, "Greeter/SayHello", '{"name": "plain"}', "-v"]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, '{\n  "message": "Hello, plain"\n}\n');
        assert.ok(r.stderr.startsWith("polyrpc: Greeter/SayHello (unary) from polyrpc's own stubs (the server has no reflection)\n"), r.stderr);
      } finally {
        await server.shutdown(0);
      }
    });

    it("prints help with --help and exits 0", async () => {
      const r = await run("call", ["--help"]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: polyrpc call <target> <package\.Service\/Method> \[json\] \[options\]/);
      for (const option of [
        "-H, --header",
        "--timeout <ms>",
        "-h, --help",
        "--proto <file>",
        "-I, --import-path <dir>",
        "--protoset <file>",
        "-v, --verbose",
        "--emit-defaults",
        "--ca <file>",
        "--cert <file>",
        "--key <file>",
        "--tls",
        "--insecure",
        "--plaintext",
      ]) {
        assert.ok(r.stdout.includes(option), option);
      }
    });
  });

  describe("with a bad request", () => {
    it("rejects an unknown method and lists the service's methods, or the near matches", async () => {
      assert.deepEqual(await run("call", [seed.target, "Greeter/SayHi", "{}"]), {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: unknown method "SayHi" of service Greeter; its methods are: SayHello\n',
      });
      assert.deepEqual(await run("call", [seed.target, "routeguide.RouteGuide/GetFeatures", "{}"]), {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: unknown method "GetFeatures" of service routeguide.RouteGuide; did you mean GetFeature, ListFeatures?\n',
      });
      assert.deepEqual(await run("call", [seed.target, "RouteGuide/GetFeature", "{}"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "RouteGuide" in reflection of ${seed.target}; did you mean routeguide.RouteGuide?\n`,
      });
      // Greeter is declared without a package; the directory name is an easy guess at one.
      assert.deepEqual(await run("call", [seed.target, "helloworld.Greeter/SayHello", "{}"]), {
        code: 1,
        stdout: "",
        stderr: `polyrpc: unknown service "helloworld.Greeter" in reflection of ${seed.target}; did you mean Greeter?\n`,
      });
    });

    it("suggests the near match for a symbol that describe does not know", async () => {
      const cases: [string, string][] = [
        ["helloworld.Greeter", "Greeter"],
        ["helloworld.Greeter.SayHello", "Greeter.SayHello"],
        ["routeguide.RouteGuide.GetFeatur", "routeguide.RouteGuide.GetFeature"],
      ];
      for (const [symbol, near] of cases) {
        assert.deepEqual(await run("describe", [seed.target, symbol]), {
          code: 1,
          stdout: "",
          stderr: `polyrpc: unknown symbol ${JSON.stringify(symbol)} in reflection of ${seed.target}; did you mean ${near}?\n`,
        });
      }
    });

    it("names the request that is not valid JSON, and sends nothing", async () => {
      const before = seed.lines.length;
      const r = await run("call", [seed.target, "Contact/tellResult"], { stdin: '{"ret": "one"}\n{"ret": tw}\n' });
      assert.deepEqual(r, { code: 1, stdout: "", stderr: `polyrpc: request 2 is not valid JSON: ${jsonError('{"ret": tw}')}\n` });
      assert.equal(seed.lines.length, before, "the server printed nothing");
    });

    it("names a truncated request", async () => {
      const r = await run("call", [seed.target, "Greeter/SayHello", '{"name": "x"']);
      assert.equal(r.stderr, `polyrpc: request 1 is not valid JSON: ${jsonError('{"name": "x"')}\n`);
      assert.equal(r.code, 1);
    });

    it("names the request that does not fit the message, with protobuf-es's reason", async () => {
      const r = await run("call", [seed.target, "routeguide.RouteGuide/RecordRoute", '{"latitude": 1}\n{"lat": 2}']);
      assert.deepEqual(r, {
        code: 1,
        stdout: "",
        stderr: 'polyrpc: request 2 does not match routeguide.Point: cannot decode message routeguide.Point from JSON: key "lat" is unknown\n',
      });
      const wrongType = await run("call", [seed.target, "routeguide.RouteGuide/GetFeature", '{"latitude": "north"}']);
      assert.equal(
        wrongType.stderr,
        'polyrpc: request 1 does not match routeguide.Point: cannot decode field routeguide.Point.latitude from JSON: expected number (int32), got "north"\n',
      );
    });

    it("rejects a second request for a unary method", async () => {
      const r = await run("call", [seed.target, "Greeter/SayHello", "{} {}"]);
      assert.deepEqual(r, { code: 1, stdout: "", stderr: "polyrpc: Greeter/SayHello is unary and takes one request, got 2 JSON values\n" });
    });

    it("prints a failed call's status code name and message", async () => {
      const r = await run("call", [seed.target, "idc.Indicator/GetMACD", '{"startDate": "2023-12-31", "endDate": "2023-01-01"}']);
      assert.deepEqual(r, {
        code: 1,
        stdout: "",
        // The seed service's google.rpc.BadRequest names both dates; @polyrpc/grpc knows the type, so it prints as JSON.
        stderr:
          "polyrpc: error details (google.rpc.Status):\n" +
          '  {"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[' +
          '{"field":"start_date","description":"invalid range: start_date 2023-12-31 is after end_date 2023-01-01"},' +
          '{"field":"end_date","description":"invalid range: start_date 2023-12-31 is after end_date 2023-01-01"}]}\n' +
          "polyrpc: INVALID_ARGUMENT: invalid range: start_date 2023-12-31 is after end_date 2023-01-01\n",
      });
    });

    it("gives DEADLINE_EXCEEDED after --timeout", async () => {
      const r = await run("call", [echo.target, "Greeter/SayHello", '{"name": "sleep"}', "--timeout", "100"]);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^polyrpc: DEADLINE_EXCEEDED: Deadline exceeded after 0\.\d+s\b.*\n$/);
    });

    it("gives UNAVAILABLE for a server that is not there, within seconds", async () => {
      const started = Date.now();
      const r = await run("call", ["127.0.0.1:1", "Greeter/SayHello", "{}"]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^polyrpc: UNAVAILABLE: No connection established\. Last error: .*ECONNREFUSED 127\.0\.0\.1:1\.?\n$/);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    });

    it("explains option and argument errors", async () => {
      const cases: [string[], string][] = [
        [[], "polyrpc: call: expected <target> <package.Service/Method> [json] (see polyrpc call --help)\n"],
        [[seed.target], "polyrpc: call: expected <target> <package.Service/Method> [json] (see polyrpc call --help)\n"],
        [[seed.target, "Greeter/SayHello", "{", "}"], 'polyrpc: call: unexpected argument "}"; the request JSON must be one argument (quote it)\n'],
        [["", "Greeter/SayHello", "{}"], 'polyrpc: call: invalid target "": Could not parse target name ""\n'],
        [[seed.target, "Greeter/SayHello", "--timeout", "soon"], 'polyrpc: call: --timeout takes a whole number of milliseconds, got "soon"\n'],
        [[seed.target, "Greeter/SayHello", "--verbos"], "polyrpc: call: unknown option --verbos; did you mean --verbose? (see polyrpc call --help)\n"],
        [[seed.target, "Greeter/SayHello", "-I", "proto"], "polyrpc: call: --import-path given without --proto\n"],
        [[seed.target, "Greeter/SayHello", "--proto", "a.proto", "--protoset", "a.binpb"], "polyrpc: call: --proto cannot be combined with --protoset\n"],
        [
          [seed.target, "Greeter/SayHello", "--protoset", "/nonexistent.binpb"],
          "polyrpc: --protoset /nonexistent.binpb: cannot read it: ENOENT: no such file or directory, open '/nonexistent.binpb'\n",
        ],
        [[seed.target, "Greeter/SayHello", "-H", "no colon"], 'polyrpc: call: -H "no colon" is not of the form "key: value"\n'],
        [[seed.target, "Greeter/SayHello", "-H", "bad key: v"], 'polyrpc: call: -H "bad key: v": the header name may contain only 0-9 a-z _ . -\n'],
        [
          [seed.target, "Greeter/SayHello", "-H", "x-bin: not base64!"],
          'polyrpc: call: -H "x-bin: not base64!": a -bin header takes base64, and "not base64!" is not\n',
        ],
      ];
      for (const [argv, stderr] of cases) {
        assert.deepEqual(await run("call", argv), { code: 1, stdout: "", stderr }, argv.join(" "));
      }
    });
  });
});

/** The message Node's JSON.parse gives for `text`, which differs between V8 versions. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}
