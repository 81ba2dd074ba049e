/** The repository root. */
export const repoRoot: string;

/** A workspace package that is published: not marked private. */
export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
}

/** Every public package below packages/, found from the package.json files. */
export function publicPackages(): PublicPackage[];

/** The pnpm running the current script (npm_execpath), else `pnpm`: the command and its leading arguments. */
export function pnpmCommand(): [string, string[]];
