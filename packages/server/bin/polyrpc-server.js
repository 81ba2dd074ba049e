#!/usr/bin/env node
import { main } from "../dist/serve-cli.js";
main(process.argv.slice(2)).then((code) => {
  if (code !== 0) process.exit(code);
});
