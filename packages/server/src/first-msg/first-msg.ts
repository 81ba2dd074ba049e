import { Code, RpcError, type ServiceImpl } from "@polyrpc/grpc";
import type { FirstMsg } from "@polyrpc/stubs";
import { printLog, type Log } from "../log.js";
import { badRequestDetails } from "../map-domain-error.js";

// The seed answers with json.dumps(...) of these dicts; Python's separators (", " and ": ") are part of
// the bytes clients compare, so the replies are written out rather than built with JSON.stringify.
const success = '{"code": 200, "data": "success"}';
const failure = '{"code": 500, "data": "failure"}';

/**
 * FirstMsg, as the seed's CFirstMsgServicer: a non-empty JSON body gets the success reply, an empty body
 * the failure reply. Where the seed crashed on a body that is not JSON, this answers INVALID_ARGUMENT.
 */
export function createFirstMsg(log: Log = printLog): ServiceImpl<typeof FirstMsg> {
  return {
    firstMsg(request) {
      const body = request.body;
      log(`receive client request : ${body}`);
      if (body === "") return { content: failure };
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        // Same text as the Python port, json.dumps(body[:64], ensure_ascii=False): the first 64 code
        // points (not UTF-16 units, which could split a surrogate pair).
        const head = Array.from(body).slice(0, 64).join("");
        const message = `invalid body: not valid JSON: ${JSON.stringify(head)}`;
        throw new RpcError(Code.INVALID_ARGUMENT, message, undefined, { details: badRequestDetails(["body"], message) });
      }
      log(`parse client request : ${JSON.stringify(data)}`);
      return { content: success };
    },
  };
}
