import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "@polyrpc/devkit";

/** The project's Python, which has grpcio, grpcio-tools and grpcio-reflection (requirements.txt). */
export const python = join(repoRoot, ".venv", "bin", "python");

/** The folder of shop/v1/shop.proto, for --import-path. */
export const shopProtoRoot = fileURLToPath(new URL(".", import.meta.url));

/** A running shop_server.py. */
export interface ShopServer {
  target: string;
  pid: number;
  /** Kills the server by pid and waits until it has exited. */
  close(): Promise<void>;
}

/**
 * Starts shop_server.py (plain grpcio, not polyrpc) on 127.0.0.1 port 0, with or without reflection, and
 * resolves once it prints its port; rejects if it exits first or takes more than 30 s.
 */
export async function startShopServer(options: { reflection: boolean }): Promise<ShopServer> {
  const args = [join(shopProtoRoot, "shop_server.py"), "--port", "0", ...(options.reflection ? [] : ["--no-reflection"])];
  const child = spawn(python, args, { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("shop_server.py did not print its port within 30 s")), 30_000);
      child.once("exit", (code) => reject(new Error(`shop_server.py exited with ${code} before listening`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(line);
        if (match !== null) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    });
    return { target: `127.0.0.1:${port}`, pid: child.pid!, close };
  } catch (e) {
    await close();
    throw e;
  }
}
