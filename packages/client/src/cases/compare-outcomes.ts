import { AnySchema } from "@bufbuild/protobuf/wkt";
import type { CallOutcome } from "./call-outcome.js";
import { compareMessages, type Difference } from "./compare-messages.js";
import type { PreparedCase } from "./prepare-cases.js";

/**
 * Every difference between the reference server's outcome and another server's, for the same case and
 * client: `status`, `message`, `responses.length` and `responses[i]...` field by field, `details.length`
 * and `details[i]...` (unpacked when the type is known). See {@link compareMessages} for value rules.
 */
export function compareOutcomes(reference: CallOutcome, actual: CallOutcome, prepared: PreparedCase): Difference[] {
  const out: Difference[] = [];
  if (reference.status !== actual.status) out.push({ path: "status", expected: reference.status, actual: actual.status });
  if (reference.message !== actual.message) out.push({ path: "message", expected: JSON.stringify(reference.message), actual: JSON.stringify(actual.message) });
  compareList(reference.responses.length, actual.responses.length, "responses", out);
  for (let i = 0; i < Math.min(reference.responses.length, actual.responses.length); i++) {
    compareMessages(prepared.method.output, reference.responses[i]!, actual.responses[i]!, `responses[${i}]`, out, prepared.registry);
  }
  compareList(reference.details.length, actual.details.length, "details", out);
  for (let i = 0; i < Math.min(reference.details.length, actual.details.length); i++) {
    compareMessages(AnySchema, reference.details[i]!, actual.details[i]!, `details[${i}]`, out, prepared.registry);
  }
  return out;
}

/**
 * Every way `actual` misses the case's `expect`: `status` (a code name), `message`, and the responses
 * (count, then field by field). Keys the case does not give are not checked.
 */
export function checkExpectation(prepared: PreparedCase, actual: CallOutcome): Difference[] {
  const out: Difference[] = [];
  const expect = prepared.spec.expect;
  if (expect === undefined) return out;
  if (expect.status !== undefined && expect.status !== actual.status) out.push({ path: "status", expected: expect.status, actual: actual.status });
  if (expect.message !== undefined && expect.message !== actual.message) {
    out.push({ path: "message", expected: JSON.stringify(expect.message), actual: JSON.stringify(actual.message) });
  }
  const expected = prepared.expectedResponses;
  if (expected !== undefined) {
    compareList(expected.length, actual.responses.length, "responses", out);
    for (let i = 0; i < Math.min(expected.length, actual.responses.length); i++) {
      compareMessages(prepared.method.output, expected[i]!, actual.responses[i]!, `responses[${i}]`, out, prepared.registry);
    }
  }
  return out;
}

function compareList(expected: number, actual: number, path: string, out: Difference[]): void {
  if (expected !== actual) out.push({ path: `${path}.length`, expected: String(expected), actual: String(actual) });
}
