import { createStore, type StoreApi } from "zustand/vanilla";
import type { GuestApi } from "../vm/guest-api";
import { previewSrcdoc } from "./preview-doc";

export interface PreviewPage {
  status: "loading" | "ok" | "error";
  /** The container that served it (a new container on the same port loads afresh). */
  containerId: string;
  code?: number;
  contentType?: string;
  srcdoc?: string;
  bytes?: number;
  error?: string;
  fetchedAt?: number;
}

export interface PreviewState {
  active: number | null;
  pages: Record<number, PreviewPage>;
  attach(guest: GuestApi): void;
  detach(): void;
  select(port: number): void;
  /** Loads the page if it is not loaded for this container yet. */
  ensure(port: number, containerId: string): void;
  /** Fetches http://127.0.0.1:<port>/ inside the guest. */
  load(port: number, containerId?: string): Promise<void>;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Pages served by published ports, fetched inside the guest (no network outside the page). */
export function createPreviewStore(now: () => number = () => Date.now()): StoreApi<PreviewState> {
  let guest: GuestApi | null = null;
  let session = 0;
  return createStore<PreviewState>()((set, get) => ({
    active: null,
    pages: {},
    attach(g) {
      guest = g;
      session++;
      set({ pages: {} });
    },
    detach() {
      guest = null;
      session++;
    },
    select: (port) => set({ active: port }),
    ensure(port, containerId) {
      const p = get().pages[port];
      if (!p || p.containerId !== containerId) void get().load(port, containerId);
    },
    async load(port, containerId) {
      const g = guest;
      if (!g) return;
      const token = session;
      const cid = containerId ?? get().pages[port]?.containerId ?? "";
      set((s) => ({ pages: { ...s.pages, [port]: { ...s.pages[port], status: "loading", containerId: cid } } }));
      let page: PreviewPage;
      try {
        const r = await g.http(`http://127.0.0.1:${port}/`);
        const contentType = r.headers["content-type"] ?? "";
        page = { status: "ok", containerId: cid, code: r.status, contentType, srcdoc: previewSrcdoc(contentType, r.body), bytes: r.body.length, fetchedAt: now() };
      } catch (e) {
        page = { status: "error", containerId: cid, error: errText(e), fetchedAt: now() };
      }
      if (token === session) set((s) => ({ pages: { ...s.pages, [port]: page } }));
    },
  }));
}
