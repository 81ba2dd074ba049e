/** What a README example printed, and the lines its `console.log(...); // <line>` comments promise. */
export interface ReadmeExampleRun {
  status: number | null;
  stdout: string;
  stderr: string;
  expected: string[];
}

/** Runs the first ```ts block of `packageDir`/README.md from a scratch folder inside the package. */
export function runReadmeExample(packageDir: string): ReadmeExampleRun;
