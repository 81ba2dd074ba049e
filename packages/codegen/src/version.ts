import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** This package's name and version, from its package.json. */
export const packageInfo = require("../package.json") as { name: string; version: string };
