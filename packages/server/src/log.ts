/**
 * Where the seed services print what the Python originals print (request bodies, pushed tasks,
 * acknowledgements). The interop suite reads these lines from the server's stdout.
 */
export type Log = (line: string) => void;

/** Prints to stdout, like Python's print(). */
export const printLog: Log = (line) => console.log(line);
