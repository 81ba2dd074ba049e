import { createChannel, createClient, type Channel, type ChannelConfig, type Client } from "@polyrpc/grpc";
import { Contact, FirstMsg, Greeter, Indicator, IndicatorGraph, RouteGuide } from "@polyrpc/stubs";

/** A typed client for every seed service, all on one channel. */
export interface SeedClients {
  /** `/Greeter/SayHello`. */
  readonly greeter: Client<typeof Greeter>;
  /** `/firstmsg.FirstMsg/firstMsg`. */
  readonly firstMsg: Client<typeof FirstMsg>;
  /** `/routeguide.RouteGuide/*`: unary, server-streaming, client-streaming and bidi methods. */
  readonly routeGuide: Client<typeof RouteGuide>;
  /** `/Contact/sendStatus|getTask|tellResult`: the server-push pattern. */
  readonly contact: Client<typeof Contact>;
  /** `/idc.Indicator/GetMACD`. */
  readonly indicator: Client<typeof Indicator>;
  /** `/idc.IndicatorGraph/GetMACDGraph`: a PNG in chunks. */
  readonly indicatorGraph: Client<typeof IndicatorGraph>;
  /** The channel the clients share. */
  readonly channel: Channel;
  /**
   * Closes the channel if `createSeedClients` opened it (it was given a target); a channel passed in
   * belongs to the caller and stays open. Calls still in flight fail with CANCELLED or UNAVAILABLE.
   */
  close(): void;
}

/**
 * Creates clients for the six seed services (Greeter, FirstMsg, RouteGuide, Contact, Indicator,
 * IndicatorGraph) that share one channel, hence one connection. `target` is `host:port` (any grpc-js
 * target), for which a channel is opened with `config` (default: insecure), or an existing channel.
 *
 * @example
 * const clients = createSeedClients("127.0.0.1:50051");
 * try {
 *   const reply = await clients.greeter.sayHello({ name: "World" }, { timeoutMs: 5000 });
 *   console.log(reply.message); // Hello, World
 * } finally {
 *   clients.close();
 * }
 */
export function createSeedClients(target: string | Channel, config?: ChannelConfig): SeedClients {
  const owned = typeof target === "string";
  const channel = owned ? createChannel(target, config) : target;
  return {
    greeter: createClient(Greeter, channel),
    firstMsg: createClient(FirstMsg, channel),
    routeGuide: createClient(RouteGuide, channel),
    contact: createClient(Contact, channel),
    indicator: createClient(Indicator, channel),
    indicatorGraph: createClient(IndicatorGraph, channel),
    channel,
    close() {
      if (owned) channel.close();
    },
  };
}
