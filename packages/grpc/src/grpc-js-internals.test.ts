import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServerInterceptingCall } from "@grpc/grpc-js";
import { baseServerCall, clientCoalescingUnavailable, coalescingUnavailable, resolvingClientCall, TESTED_GRPC_JS } from "./grpc-js-internals.js";

describe("grpc-js internals", () => {
  it("finds the server and client internals of the pinned grpc-js", () => {
    assert.equal(coalescingUnavailable(), undefined);
    assert.equal(clientCoalescingUnavailable(), undefined);
  });

  it("accepts only the tested grpc-js minor version", () => {
    assert.ok(TESTED_GRPC_JS.test("1.14.7"));
    assert.ok(TESTED_GRPC_JS.test("1.14.0"));
    assert.ok(!TESTED_GRPC_JS.test("1.15.0"));
    assert.ok(!TESTED_GRPC_JS.test("1.1.14"));
  });

  it("declines a server call whose base lacks the expected fields, so it takes write()", () => {
    coalescingUnavailable(); // The check at start-up that createServer makes.
    assert.equal(baseServerCall({}), undefined);
    assert.equal(baseServerCall({ call: { stream: {}, handler: {} } }), undefined);
    const complete = { stream: { write() {} }, handler: { serialize() {} }, maxSendMessageSize: -1, metadataSent: false, checkCancelled() {} };
    assert.equal(baseServerCall({ call: complete }), complete);
    // Behind a pass-through interceptor the base is still found; behind one that sees messages it is not.
    assert.equal(baseServerCall({ call: new ServerInterceptingCall(complete as never) }), complete);
    assert.equal(baseServerCall({ call: new ServerInterceptingCall(complete as never, { sendMessage: (m, next) => next(m) }) }), undefined);
  });

  it("declines a client call that is not grpc-js's ResolvingCall under a base intercepting call", () => {
    clientCoalescingUnavailable();
    assert.equal(resolvingClientCall({}), undefined);
    assert.equal(resolvingClientCall({ call: { methodDefinition: {}, call: { child: {}, filterStack: { filters: [] } } } }), undefined);
  });
});
