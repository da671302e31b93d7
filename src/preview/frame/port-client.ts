/**
 * The frame's end of the MessagePort: requests go to the page (src/preview/bridge.ts), which makes them inside the
 * VM; responses come back as a head and a stream of body pieces.
 */
import type { Credentials, DocMessage, FrameToPage, PageToFrame, RequestMode } from "../protocol";

export interface BridgeRequest {
  url: string;
  method: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  mode: RequestMode;
  credentials: Credentials;
  signal?: AbortSignal | null;
}

export interface BridgeResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  url: string;
  redirected: boolean;
  body: ReadableStream<Uint8Array>;
}

interface Pending {
  resolve(r: BridgeResponse): void;
  reject(e: unknown): void;
  stream?: ReadableStreamDefaultController<Uint8Array>;
}

/** What a failed request looks like to the page's code: the TypeError a browser's fetch gives. */
export const networkError = () => new TypeError("Failed to fetch");

export class PortClient {
  /** What document.cookie shows (kept fresh by every response). */
  cookie = "";
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(
    private readonly port: MessagePort,
    onDoc: (doc: DocMessage) => void,
  ) {
    port.onmessage = (e: MessageEvent<PageToFrame>) => {
      const m = e.data;
      if (m.t === "doc") {
        this.cookie = m.cookie;
        onDoc(m);
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      switch (m.t) {
        case "head":
          this.cookie = m.cookie;
          p.resolve({
            status: m.status,
            statusText: m.statusText,
            headers: m.headers,
            url: m.url,
            redirected: m.redirected,
            body: new ReadableStream<Uint8Array>({
              start: (c) => {
                p.stream = c;
              },
              cancel: () => this.abort(m.id),
            }),
          });
          return;
        case "chunk":
          p.stream?.enqueue(new Uint8Array(m.bytes));
          return;
        case "end":
          this.pending.delete(m.id);
          p.stream?.close();
          return;
        case "fail":
          this.pending.delete(m.id);
          console.warn(`[preview] ${m.message}`);
          if (p.stream) p.stream.error(networkError());
          else p.reject(networkError());
          return;
      }
    };
  }

  send(m: FrameToPage, transfer: Transferable[] = []): void {
    this.port.postMessage(m, transfer);
  }

  request(r: BridgeRequest): Promise<BridgeResponse> {
    const { signal, ...req } = r;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.nextId++;
    return new Promise<BridgeResponse>((resolve, reject) => {
      const p: Pending = { resolve, reject };
      this.pending.set(id, p);
      signal?.addEventListener("abort", () => {
        if (!this.pending.has(id)) return;
        this.abort(id);
        if (p.stream) p.stream.error(signal.reason);
        else reject(signal.reason);
      });
      this.send({ t: "req", id, ...req }, req.body ? [req.body] : []);
    });
  }

  private abort(id: number): void {
    if (!this.pending.delete(id)) return;
    this.send({ t: "abort", id });
  }
}
