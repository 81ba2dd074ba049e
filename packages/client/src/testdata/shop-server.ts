import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot, startListening } from "@polyrpc/devkit";

/** The project's Python, which has grpcio, grpcio-tools and grpcio-reflection (requirements.txt). */
export const python = join(repoRoot, ".venv", "bin", "python");

/** The folder of shop/v1/shop.proto, for --import-path. */
export const shopProtoRoot = fileURLToPath(new URL(".", import.meta.url));

/** A running shop_server.py. */
export interface ShopServer {
  target: string;
  pid: number;
  /** Stops the server by pid and waits until it has exited. */
  close(): Promise<void>;
}

/**
 * Starts shop_server.py (plain grpcio, not polyrpc) on 127.0.0.1 port 0, with or without reflection, and
 * resolves once it prints its port; rejects (the process killed) if it exits first or takes more than 30 s.
 */
export async function startShopServer(options: { reflection: boolean }): Promise<ShopServer> {
  const args = [join(shopProtoRoot, "shop_server.py"), "--port", "0", ...(options.reflection ? [] : ["--no-reflection"])];
  const server = await startListening(python, args, {
    label: "shop_server.py",
    portPattern: /^listening on (127\.0\.0\.1:\d+)$/,
    timeoutMs: 30_000,
    // It prints the line once it serves, so no connection probe is needed.
    connect: false,
    stderr: "inherit",
    graceMs: 0,
  });
  return { target: server.target, pid: server.pid, close: server.stop };
}
