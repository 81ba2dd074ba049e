/** Turns an npm version into its PEP 440 spelling (`1.2.3-rc.1` -> `1.2.3rc1`); throws for other pre-release tags. */
export function toPythonVersion(version: string): string;

/** Rewrites the version line of pyproject.toml's [project] table; throws when there is none. */
export function setProjectVersion(pyproject: string, version: string): string;

/** Sets packages/stubs-py/pyproject.toml's version from packages/stubs/package.json, below `root`. */
export function syncPythonVersion(root: string): { npmVersion: string; pythonVersion: string; changed: boolean };
