import { MACDReplySchema } from "@polyrpc/stubs";
import { toTextFormat } from "../text-format/to-text-format.js";
import { DEMO_CALL_TIMEOUT_MS, type Demo } from "./demo.js";

/**
 * The seed "用gRPC封装python数据分析" (Indicator): asks for the MACD of a date range and prints the reply
 * as Python's `print(response)` does, in the protobuf text format (see toTextFormat), followed by the
 * blank line that print adds after the text's own final newline.
 */
export const indicatorDemo: Demo = {
  name: "indicator",
  defaultTarget: "localhost:50051",
  summary: "asks /idc.Indicator/GetMACD for a date range and prints the reply in the text format",
  options: ["start-date", "end-date"],
  async run({ clients, print, startDate, endDate }) {
    const response = await clients.indicator.getMACD({ startDate, endDate }, { timeoutMs: DEMO_CALL_TIMEOUT_MS });
    print("indicator client received: ");
    print(toTextFormat(MACDReplySchema, response));
  },
};
