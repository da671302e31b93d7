/** Starts the page for the e2e run: `vite` (dev) or `vite preview` of a fresh build, on a free localhost port. */
import { createServer as netServer } from "node:net";
import { build, createServer, preview } from "vite";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(mode: "dev" | "preview" = "dev"): Promise<RunningServer> {
  const port = await freePort();
  const root = new URL("..", import.meta.url).pathname;
  if (mode === "preview") {
    await build({ root, logLevel: "warn" });
    const server = await preview({ root, preview: { port, strictPort: true, host: "127.0.0.1" }, logLevel: "warn" });
    return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
  }
  const server = await createServer({ root, server: { port, strictPort: true, host: "127.0.0.1" }, logLevel: "warn" });
  await server.listen();
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
