// The public API of @polyrpc/server: the seed services, implemented on @polyrpc/grpc.
// What a user of the seed services calls: all six at once, or one by one.
export { createSeedServices } from "./seed-services.js";
export type { SeedServiceOptions } from "./seed-services.js";
export type { Log } from "./log.js";
export { greeter } from "./greeter/greeter.js";
export { createFirstMsg } from "./first-msg/first-msg.js";
export { createRouteGuide } from "./route-guide/route-guide.js";
export { createContact } from "./contact/contact.js";
export type { ContactOptions } from "./contact/contact.js";
export { createIndicator } from "./indicator/indicator.js";
export { createIndicatorGraph } from "./indicator-graph/indicator-graph.js";

// Building blocks for advanced use: the data the one-by-one factories take (createRouteGuide's feature
// database, createIndicator's OHLC series), the distance RecordRoute reports, and IndicatorGraph's size bounds.
export { loadFeatureDb } from "./route-guide/feature-db.js";
export { getDistance } from "./route-guide/distance.js";
export { loadOhlc } from "./indicator/ohlc.js";
export type { OhlcBar } from "./indicator/ohlc.js";
export { GRAPH_REQUEST_DEFAULTS, CHUNK_SIZE_MAX } from "./indicator-graph/chunk.js";
export type { GraphRequestDefaults } from "./indicator-graph/chunk.js";
