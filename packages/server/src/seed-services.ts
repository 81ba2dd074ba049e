import { service, type ServiceRegistration } from "@polyrpc/grpc";
import { Contact, FirstMsg, Greeter, Indicator, IndicatorGraph, RouteGuide } from "@polyrpc/stubs";
import { createContact } from "./contact/contact.js";
import { createFirstMsg } from "./first-msg/first-msg.js";
import { greeter } from "./greeter/greeter.js";
import { createIndicatorGraph } from "./indicator-graph/indicator-graph.js";
import { createIndicator } from "./indicator/indicator.js";
import { loadOhlc } from "./indicator/ohlc.js";
import { printLog, type Log } from "./log.js";
import { loadFeatureDb } from "./route-guide/feature-db.js";
import { createRouteGuide } from "./route-guide/route-guide.js";

/** Options of {@link createSeedServices}. */
export interface SeedServiceOptions {
  /** Contact's pause between pushed task rounds, in ms. Default 1000 (the seed's 40 s is too slow to watch). */
  pushIntervalMs?: number;
  /** Where the services print the seed's lines. Default: stdout. */
  log?: Log;
}

/**
 * Every seed service (Greeter, FirstMsg, RouteGuide, Contact, Indicator, IndicatorGraph), ready for
 * `createServer({ services })`. Loads the RouteGuide database; the OHLC series loads on first use.
 */
export async function createSeedServices(options: SeedServiceOptions = {}): Promise<ServiceRegistration[]> {
  const log = options.log ?? printLog;
  const db = await loadFeatureDb();
  const series = () => loadOhlc();
  return [
    service(Greeter, greeter),
    service(FirstMsg, createFirstMsg(log)),
    service(RouteGuide, createRouteGuide(db)),
    service(Contact, createContact({ pushIntervalMs: options.pushIntervalMs ?? 1000, log })),
    service(Indicator, createIndicator(series)),
    service(IndicatorGraph, createIndicatorGraph(series)),
  ];
}
