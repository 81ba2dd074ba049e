// `polyrpc <command> ...` in a child process with the real stdout, for the tests of broken pipes.
import { runCommand } from "../cli.js";

const [command = "", ...argv] = process.argv.slice(2);
process.exitCode = await runCommand(command, argv, process.cwd());
