/** Builds the polyrpc-stubs wheel into `outDir` (default packages/stubs-py/dist) and returns its path. */
export function buildWheel(outDir?: string): string;
