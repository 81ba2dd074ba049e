/** Builds a Python wheel (polyrpc-stubs from packages/stubs-py by default, or polyrpc from packages/grpc-py) into `outDir` (default the package's dist/) and returns its path. */
export function buildWheel(outDir?: string, packageName?: "stubs-py" | "grpc-py"): string;
