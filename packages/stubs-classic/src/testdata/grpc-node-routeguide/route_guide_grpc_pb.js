// Not part of grpc-node's example: where route_guide_client.js's `require('./route_guide_grpc_pb')` finds
// grpc-tools' output in grpc-node's tree, it finds @polyrpc/stubs-classic's module, re-exported as is.
module.exports = require("@polyrpc/stubs-classic/routeguide/route_guide_grpc_pb");
