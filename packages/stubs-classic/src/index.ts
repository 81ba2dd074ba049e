// The public API of @polyrpc/stubs-classic: every generated module of polyrpc's proto tree (src/gen, written by
// `polyrpc gen`'s classic target; do not edit it), each under the name grpc-tools' output requires it by
// (the proto path with `/` as `_`). Listed by name so that a new proto is a deliberate API change here.
// The usual way in is a deep require, as with grpc-tools: `require("@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb")`.

/** helloworld/hello.proto: HelloRequest, HelloReply (google-protobuf classes). */
export * as helloworld_hello_pb from "./gen/helloworld/hello_pb.js";
/** helloworld/hello.proto: GreeterService (the service definition) and GreeterClient (path /Greeter/SayHello). */
export * as helloworld_hello_grpc_pb from "./gen/helloworld/hello_grpc_pb.js";
/** firstmsg/first_msg.proto: FirstMsgRequest, FirstMsgResponse. */
export * as firstmsg_first_msg_pb from "./gen/firstmsg/first_msg_pb.js";
/** firstmsg/first_msg.proto: FirstMsgService and FirstMsgClient. */
export * as firstmsg_first_msg_grpc_pb from "./gen/firstmsg/first_msg_grpc_pb.js";
/** routeguide/route_guide.proto: Point, Rectangle, Feature, RouteNote, RouteSummary. */
export * as routeguide_route_guide_pb from "./gen/routeguide/route_guide_pb.js";
/** routeguide/route_guide.proto: RouteGuideService and RouteGuideClient. */
export * as routeguide_route_guide_grpc_pb from "./gen/routeguide/route_guide_grpc_pb.js";
/** contact/contact.proto: ClientMsg, ServerMsg, Empty, Result. */
export * as contact_contact_pb from "./gen/contact/contact_pb.js";
/** contact/contact.proto: ContactService and ContactClient. */
export * as contact_contact_grpc_pb from "./gen/contact/contact_grpc_pb.js";
/** idc/indicator.proto: MACDRequest, MACDData, MACDReply. */
export * as idc_indicator_pb from "./gen/idc/indicator_pb.js";
/** idc/indicator.proto: IndicatorService and IndicatorClient. */
export * as idc_indicator_grpc_pb from "./gen/idc/indicator_grpc_pb.js";
/** idc/indicator_graph.proto: MACDGraphRequest, MACDGraphReply. */
export * as idc_indicator_graph_pb from "./gen/idc/indicator_graph_pb.js";
/** idc/indicator_graph.proto: IndicatorGraphService and IndicatorGraphClient. */
export * as idc_indicator_graph_grpc_pb from "./gen/idc/indicator_graph_grpc_pb.js";
/** polyrpc/bench/v1/bench.proto: the messages of `pnpm bench`'s BenchService. */
export * as polyrpc_bench_v1_bench_pb from "./gen/polyrpc/bench/v1/bench_pb.js";
/** polyrpc/bench/v1/bench.proto: BenchServiceService and BenchServiceClient. */
export * as polyrpc_bench_v1_bench_grpc_pb from "./gen/polyrpc/bench/v1/bench_grpc_pb.js";
