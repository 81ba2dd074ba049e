// The public API of @polyrpc/stubs: the message schemas, message types, service descriptors and file
// descriptors generated from polyrpc's proto tree (src/gen, written by `polyrpc gen`; do not edit it).
// Listed by name so that a new proto is a deliberate API change here, not a silent one.

// helloworld/hello.proto (no proto package: the wire path is /Greeter/SayHello)
export { Greeter, HelloRequestSchema, HelloReplySchema, file_helloworld_hello } from "./gen/helloworld/hello_pb.js";
export type { HelloRequest, HelloReply } from "./gen/helloworld/hello_pb.js";

// firstmsg/first_msg.proto
export { FirstMsg, FirstMsgRequestSchema, FirstMsgResponseSchema, file_firstmsg_first_msg } from "./gen/firstmsg/first_msg_pb.js";
export type { FirstMsgRequest, FirstMsgResponse } from "./gen/firstmsg/first_msg_pb.js";

// routeguide/route_guide.proto
export {
  RouteGuide,
  PointSchema,
  RectangleSchema,
  FeatureSchema,
  RouteNoteSchema,
  RouteSummarySchema,
  file_routeguide_route_guide,
} from "./gen/routeguide/route_guide_pb.js";
export type { Point, Rectangle, Feature, RouteNote, RouteSummary } from "./gen/routeguide/route_guide_pb.js";

// contact/contact.proto (no proto package: the wire paths are /Contact/*)
export { Contact, ClientMsgSchema, ServerMsgSchema, EmptySchema, ResultSchema, file_contact_contact } from "./gen/contact/contact_pb.js";
export type { ClientMsg, ServerMsg, Empty, Result } from "./gen/contact/contact_pb.js";

// idc/indicator.proto
export { Indicator, MACDRequestSchema, MACDDataSchema, MACDReplySchema, file_idc_indicator } from "./gen/idc/indicator_pb.js";
export type { MACDRequest, MACDData, MACDReply } from "./gen/idc/indicator_pb.js";

// idc/indicator_graph.proto
export {
  IndicatorGraph,
  MACDGraphRequestSchema,
  MACDGraphReplySchema,
  file_idc_indicator_graph,
} from "./gen/idc/indicator_graph_pb.js";
export type { MACDGraphRequest, MACDGraphReply } from "./gen/idc/indicator_graph_pb.js";

// polyrpc/bench/v1/bench.proto (the benchmark service of `pnpm bench`)
export {
  BenchService,
  UnaryRequestSchema,
  UnaryResponseSchema,
  DownloadRequestSchema,
  DownloadResponseSchema,
  PingPongRequestSchema,
  PingPongResponseSchema,
  file_polyrpc_bench_v1_bench,
} from "./gen/polyrpc/bench/v1/bench_pb.js";
export type {
  UnaryRequest,
  UnaryResponse,
  DownloadRequest,
  DownloadResponse,
  PingPongRequest,
  PingPongResponse,
} from "./gen/polyrpc/bench/v1/bench_pb.js";
