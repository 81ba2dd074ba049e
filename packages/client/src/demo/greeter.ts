import { DEMO_CALL_TIMEOUT_MS, type Demo } from "./demo.js";

/** The seed "go + python 快速入门grpc" (grpc's helloworld): greets "World" and prints the reply. */
export const greeterDemo: Demo = {
  name: "greeter",
  defaultTarget: "127.0.0.1:50051",
  summary: 'greets "World" with /Greeter/SayHello and prints the reply',
  options: [],
  async run({ clients, print }) {
    const rsp = await clients.greeter.sayHello({ name: "World" }, { timeoutMs: DEMO_CALL_TIMEOUT_MS });
    print(rsp.message);
  },
};
