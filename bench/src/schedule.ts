/** One measurement: a server, freshly started, under one scenario's load, in one pass. */
export interface Measurement<S, V> {
  pass: number;
  scenario: S;
  server: V;
}

/**
 * The order of the measurements: pass by pass, scenario by scenario, every server in turn, forwards in odd
 * passes and backwards in even ones.
 *
 * Why this order: the machine's speed drifts (other jobs, thermal and frequency changes, a noisy VM
 * neighbour), and a ratio between two servers is only as good as the closeness in time of their runs.
 * Scenario by scenario, the runs a ratio compares are seconds apart, not minutes (as when one server ran
 * every scenario before the next server started). Alternating the direction puts each server first as often
 * as last, so a drift across a round does not always favour the same one.
 */
export function schedule<S, V>(passes: number, scenarios: readonly S[], servers: readonly V[]): Measurement<S, V>[] {
  if (!Number.isInteger(passes) || passes < 1) throw new RangeError(`passes must be a positive integer, got ${passes}`);
  const order: Measurement<S, V>[] = [];
  for (let pass = 1; pass <= passes; pass++) {
    const turn = pass % 2 === 1 ? servers : [...servers].reverse();
    for (const scenario of scenarios) for (const server of turn) order.push({ pass, scenario, server });
  }
  return order;
}
