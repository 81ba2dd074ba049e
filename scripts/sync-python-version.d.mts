/** Turns an npm version into its PEP 440 spelling (`1.2.3-rc.1` -> `1.2.3rc1`); throws for other pre-release tags. */
export function toPythonVersion(version: string): string;

/** Rewrites the version line of pyproject.toml's [project] table; throws when there is none. */
export function setProjectVersion(pyproject: string, version: string): string;

/** The Python distributions versioned with the npm packages: their folder under packages/ and their name. */
export const pythonPackages: readonly { dir: string; name: string }[];

/** Sets every Python package's pyproject.toml version from packages/stubs/package.json, below `root`. */
export function syncPythonVersion(root: string): { npmVersion: string; pythonVersion: string; changed: boolean; packages: { name: string; changed: boolean }[] };
