// A TypeScript client for the fault tests: opens Contact.getTask on argv[2], prints "first message" once
// the first task arrives and keeps reading until it is killed (or the stream ends: "status <CODE>").
import { Code, createClient, RpcError } from "@polyrpc/grpc";
import { Contact } from "@polyrpc/stubs";

const client = createClient(Contact, process.argv[2]!);
let first = true;
try {
  for await (const _task of client.getTask({}, { timeoutMs: 60_000 })) {
    if (first) console.log("first message");
    first = false;
  }
  console.log("status OK");
} catch (e) {
  console.log(e instanceof RpcError ? `status ${Code[e.code]} ${e.message}` : `error ${String(e)}`);
}
process.exit(0);
