// A stand-in for `python -m polyrpc.case_client` (the Python half's case client), speaking the same JSON
// contract on stdin/stdout, for the runner's handling of Python answers the real module does not give on
// demand (JSON that does not fit the schema, a crash, a module that is missing). It makes
// real calls with @polyrpc/grpc; FAKE_CASE_CLIENT=drift changes the first response's "name" field of every
// case (as a client that decodes one field wrongly would), =badjson answers a response JSON that does
// not fit the output type, =crash exits 1 with a polyrpc: line, =missing cannot be imported.
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";
import { AnySchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, createChannel, createClient, RpcError } from "@polyrpc/grpc";

const mode = process.env.FAKE_CASE_CLIENT ?? "";
const args = process.argv.slice(2);
if (args[0] === "-c") process.exit(mode === "missing" ? 1 : 0);
if (args[0] !== "-m" || args[1] !== "polyrpc.case_client") {
  process.stderr.write(`fake python: unexpected arguments ${JSON.stringify(args)}\n`);
  process.exit(2);
}
if (mode === "crash") {
  process.stderr.write("polyrpc: the job has no target\n");
  process.exit(1);
}
let input = "";
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, Buffer.from(job.descriptorSet, "base64")));
const channel = createChannel(job.target);
const outcomes = [];
for (const c of job.cases) {
  const cut = c.method.lastIndexOf("/");
  const service = registry.getService(c.method.slice(0, cut));
  const method = service.methods.find((m) => m.name === c.method.slice(cut + 1));
  if (method.methodKind !== c.kind) throw new Error(`kind ${c.kind} is not ${method.methodKind}`);
  const outcome = { name: c.name, responses: [], rawResponses: [], status: "OK", message: "", details: [], clientError: null };
  let requests;
  try {
    requests = c.requests.map((r) => fromJson(method.input, r, { registry }));
  } catch (e) {
    outcome.clientError = `request rejected: ${e.message}`;
    outcomes.push(outcome);
    continue;
  }
  const options = { metadata: c.metadata, ...(c.timeoutMs === null ? {} : { timeoutMs: c.timeoutMs }) };
  const call = createClient(service, channel)[method.localName];
  const push = (m) => {
    const json = toJson(method.output, m, { registry });
    if (outcome.responses.length === 0 && mode === "drift") json.name = `${json.name ?? ""} (drifted)`;
    if (mode === "badjson") json.noSuchField = 1;
    outcome.responses.push(json);
    outcome.rawResponses.push(Buffer.from(toBinary(method.output, m)).toString("base64"));
  };
  try {
    if (c.kind === "unary") push(await call(requests[0], options));
    else if (c.kind === "client_streaming") push(await call(requests, options));
    else for await (const m of call(c.kind === "server_streaming" ? requests[0] : requests, options)) push(m);
  } catch (e) {
    if (!(e instanceof RpcError)) throw e;
    outcome.status = Code[e.code];
    outcome.message = e.message;
    outcome.details = e.details.map((d) => toJson(AnySchema, d, { registry }));
  }
  outcomes.push(outcome);
}
channel.close();
process.stdout.write(JSON.stringify({ outcomes }));
