// The plugin point `polyrpc list|describe|call|demo` loads: @polyrpc/client's "./cli" export. Codegen cannot list
// the client as a dependency, not even a dev one: the client depends on @polyrpc/stubs, which codegen generates,
// so turbo's build graph would be a cycle (codegen#build -> client#build -> stubs#generate -> codegen#build).
// Where the client is built, TypeScript resolves the import to its real declarations (pnpm links the optional
// peer); before that, in a fresh clone, to this one, the contract in @polyrpc/cli-kit. The client's cli.ts holds
// runCommand to the same CommandModule (its `satisfies` line), so either way the two sides cannot drift.
declare module "@polyrpc/client/cli" {
  export const runCommand: import("@polyrpc/cli-kit").CommandModule["runCommand"];
}
