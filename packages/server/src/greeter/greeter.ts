import type { ServiceImpl } from "@polyrpc/grpc";
import type { Greeter } from "@polyrpc/stubs";

/** Greeter, as the seed's server.py: `Hello, <name>`. */
export const greeter: ServiceImpl<typeof Greeter> = {
  sayHello: (request) => ({ message: `Hello, ${request.name}` }),
};
