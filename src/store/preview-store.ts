import { createStore, type StoreApi } from "zustand/vanilla";
import { errText } from "../lib/errors";
import { serveFrame, type FrameEvents } from "../preview/bridge";
import { CookieJar } from "../preview/cookie-jar";
import { homeUrl } from "../preview/guest-address";
import { guestFetch, NetError, readUpTo, type NetErrorCode } from "../preview/guest-fetch";
import type { GuestApi } from "../vm/guest-api";

/** A document larger than this is shown cut, with a note (its sub-resources have their own limit, in bridge.ts). */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** The document a preview tab shows: a response, or a browser's error page. */
export interface PreviewPage {
  /** New for every navigation: each document gets a frame of its own. */
  seq: number;
  status: "ok" | "error";
  /** The final URL (after redirects); a pushState in the page changes it. */
  url: string;
  code?: number;
  statusText?: string;
  contentType?: string;
  body?: Uint8Array;
  /** The body was cut at MAX_DOCUMENT_BYTES. */
  truncated?: boolean;
  error?: { code: NetErrorCode; message: string };
  fetchedAt?: number;
}

export type PreviewNote =
  | { kind: "truncated"; url: string; limit: number }
  /** The page navigated by script (location = …), which the frame's isolation blocks. */
  | { kind: "script-navigation" };

/** One browser-like tab, opened for a published port (its links may lead elsewhere in the VM). */
export interface PreviewTab {
  /** The container that published the port (a new container on the port opens the tab afresh). */
  containerId: string;
  history: string[];
  index: number;
  /** What the tab shows (null before its first document arrives). */
  page: PreviewPage | null;
  /** The navigation under way: the old page stays until its document arrives, as in a browser. */
  pending: { seq: number; url: string } | null;
  /** About the shown page (cut responses, a blocked navigation), cleared by the next navigation. */
  notes: PreviewNote[];
}

export interface NavigationTarget {
  url: string;
  method?: string;
  body?: Uint8Array;
  contentType?: string | null;
  /** The document that asked for it (a link or form in the preview): sent as Referer, and as Origin with a POST. */
  referrer?: string;
}

export interface PreviewState {
  active: number | null;
  tabs: Record<number, PreviewTab>;
  attach(guest: GuestApi): void;
  detach(): void;
  select(port: number): void;
  /** Opens the tab for a published port, unless it is open for this container already. */
  ensure(port: number, containerId: string): void;
  /** Loads a document into tab `port` (inside the VM); `how` says what happens to its history. */
  navigate(port: number, target: NavigationTarget | string, how?: "push" | "replace" | "keep"): Promise<void>;
  back(port: number): void;
  forward(port: number): void;
  reload(port: number): void;
  /** The page changed its URL without a new document (history.pushState, a fragment link). */
  followLocation(port: number, url: string): void;
  note(port: number, note: PreviewNote): void;
  dismissNotes(port: number): void;
  /**
   * Serves the frame that shows document `seq` of tab `port` over `messagePort` (src/preview/bridge.ts).
   * Returns the function that stops it; a document that is no longer current is not served.
   */
  serveFrame(port: number, seq: number, messagePort: MessagePort, events: Pick<FrameEvents, "onHello" | "onLeaving">): () => void;
}

const ACCEPT_DOCUMENT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** Browser-like tabs on the VM's published ports: every request is made inside the VM, over the guest channel. */
export function createPreviewStore(now: () => number = () => Date.now()): StoreApi<PreviewState> {
  let guest: GuestApi | null = null;
  let jar = new CookieJar();
  let session = 0;
  let seq = 0;
  return createStore<PreviewState>()((set, get) => {
    const update = (port: number, change: (t: PreviewTab) => Partial<PreviewTab>) =>
      set((s) => {
        const tab = s.tabs[port];
        return tab ? { tabs: { ...s.tabs, [port]: { ...tab, ...change(tab) } } } : {};
      });
    const traverse = (port: number, delta: number) => {
      const tab = get().tabs[port];
      const index = (tab?.index ?? 0) + delta;
      if (!tab || index < 0 || index >= tab.history.length) return;
      update(port, () => ({ index }));
      void get().navigate(port, tab.history[index]!, "keep");
    };

    return {
      active: null,
      tabs: {},
      attach(g) {
        guest = g;
        jar = new CookieJar();
        session++;
        set({ tabs: {} });
      },
      detach() {
        guest = null;
        session++;
      },
      select: (port) => set({ active: port }),
      ensure(port, containerId) {
        const tab = get().tabs[port];
        if (tab && tab.containerId === containerId) return;
        set((s) => ({ tabs: { ...s.tabs, [port]: { containerId, history: [], index: -1, notes: [], page: null, pending: null } } }));
        void get().navigate(port, homeUrl(port));
      },
      async navigate(port, target, how = "push") {
        const g = guest;
        const from = get().tabs[port];
        if (!g || !from) return;
        const t = typeof target === "string" ? { url: target } : target;
        const method = t.method?.toUpperCase() === "POST" ? "POST" : "GET";
        const token = session;
        const mySeq = ++seq;
        update(port, () => ({ pending: { seq: mySeq, url: t.url } }));
        let page: PreviewPage;
        try {
          const headers: [string, string][] = [["Accept", ACCEPT_DOCUMENT]];
          if (t.contentType) headers.push(["Content-Type", t.contentType]);
          const res = await guestFetch(g, jar, {
            url: t.url,
            method,
            headers,
            body: method === "POST" ? t.body : undefined,
            origin: method === "POST" && t.referrer ? new URL(t.referrer).origin : undefined,
            referrer: t.referrer,
          });
          const { bytes, truncated } = await readUpTo(res, MAX_DOCUMENT_BYTES);
          page = {
            seq: mySeq,
            status: "ok",
            url: res.url,
            code: res.status,
            statusText: res.statusText,
            contentType: res.contentType,
            body: bytes,
            truncated,
            fetchedAt: now(),
          };
        } catch (e) {
          const error = e instanceof NetError ? { code: e.code, message: e.message } : { code: "ERR_FAILED" as const, message: errText(e) };
          page = { seq: mySeq, status: "error", url: t.url, error, fetchedAt: now() };
        }
        if (token !== session || get().tabs[port]?.pending?.seq !== mySeq) return; // a newer navigation, or a new VM session
        update(port, (tab) => {
          const done = { page, pending: null, notes: [] };
          if (how === "push") return { ...done, history: [...tab.history.slice(0, tab.index + 1), page.url], index: tab.index + 1 };
          const history = [...tab.history];
          history[Math.max(0, tab.index)] = page.url;
          return { ...done, history, index: Math.max(0, tab.index) };
        });
      },
      back: (port) => traverse(port, -1),
      forward: (port) => traverse(port, 1),
      reload(port) {
        const tab = get().tabs[port];
        const url = tab?.pending?.url ?? tab?.page?.url;
        if (url) void get().navigate(port, url, "keep");
      },
      followLocation(port, url) {
        update(port, (tab) => {
          const history = [...tab.history];
          history[Math.max(0, tab.index)] = url;
          return { history, page: tab.page && { ...tab.page, url } };
        });
      },
      note(port, note) {
        update(port, (tab) => ({ notes: tab.notes.some((n) => JSON.stringify(n) === JSON.stringify(note)) ? tab.notes : [...tab.notes, note] }));
      },
      dismissNotes: (port) => update(port, () => ({ notes: [] })),
      serveFrame(port, frameSeq, messagePort, events) {
        const page = get().tabs[port]?.page;
        if (!guest || !page || page.seq !== frameSeq || page.status !== "ok" || !page.body) {
          messagePort.close();
          return () => {};
        }
        return serveFrame(messagePort, {
          guest,
          jar,
          doc: { url: page.url, status: page.code!, contentType: page.contentType ?? "", body: page.body.slice().buffer, truncated: page.truncated ?? false },
          ...events,
          onNavigate: (m) =>
            void get().navigate(port, {
              url: m.url,
              method: m.method,
              body: m.body ? new Uint8Array(m.body) : undefined,
              contentType: m.contentType,
              referrer: page.url,
            }),
          onLocation: (url) => get().followLocation(port, url),
          onTruncated: (url, limit) => get().note(port, { kind: "truncated", url, limit }),
        });
      },
    };
  });
}
