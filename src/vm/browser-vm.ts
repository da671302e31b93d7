/**
 * The page's Vm: v86 runs in a Web Worker (vm.worker.ts); the guest channel and the terminal stream
 * live here. Artefacts are fetched relative to the page (works from a sub-path and offline once cached).
 */
import vmWorkerUrl from "./vm.worker.ts?worker&url";
import { emulatorOptions } from "./emulator-options";
import { CHANNEL_PORT, TERMINAL_PORT } from "./emulator-host";
import { resumeGuest, waitForEngine } from "./engine-ready";
import type { GuestApi } from "./guest-api";
import { createGuestApi } from "./guest-api-impl";
import { GuestChannel } from "./guest-channel";
import type { VmManifest } from "./manifest";
import type { BootPhase, TerminalStream, Vm } from "./vm";
import type { FromWorker, ToWorker } from "./worker-protocol";

export interface BrowserVmOptions {
  /** Base URL of the VM artefacts (default: "vm/" next to the page). */
  baseUrl?: string;
}

export class BrowserVm implements Vm {
  readonly terminal: TerminalStream;
  readonly guest: GuestApi;
  readonly channel: GuestChannel;
  manifest: VmManifest | null = null;
  private worker: Worker | null = null;
  private terminalListeners = new Set<(b: Uint8Array) => void>();
  private channelListener: (b: Uint8Array) => void = () => {};
  private pending = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private nextReq = 1;
  private readonly base: string;
  private onWorkerProgress: ((m: Extract<FromWorker, { t: "progress" }>) => void) | null = null;
  private onWorkerLoaded: (() => void) | null = null;
  private onWorkerError: ((message: string) => void) | null = null;

  constructor(opts: BrowserVmOptions = {}) {
    this.base = new URL(opts.baseUrl ?? "vm/", document.baseURI).href;
    this.channel = new GuestChannel({
      send: (bytes) => this.post({ t: "input", port: CHANNEL_PORT, bytes }, [bytes.buffer]),
      onBytes: (l) => {
        this.channelListener = l;
      },
    });
    this.guest = createGuestApi(this.channel);
    this.terminal = {
      write: (d) => {
        const bytes = typeof d === "string" ? new TextEncoder().encode(d) : d;
        this.post({ t: "input", port: TERMINAL_PORT, bytes });
      },
      onData: (l) => {
        this.terminalListeners.add(l);
        return () => this.terminalListeners.delete(l);
      },
      resize: (cols, rows) => this.channel.resizeTty(cols, rows),
    };
  }

  async loadManifest(): Promise<VmManifest> {
    const res = await fetch(new URL("manifest.json", this.base));
    if (!res.ok) throw new Error(`VM manifest missing (${res.status}): run \`npm run build:vm\``);
    this.manifest = (await res.json()) as VmManifest;
    return this.manifest;
  }

  async boot(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void> {
    const t0 = performance.now();
    try {
      const m = this.manifest ?? (await this.loadManifest());
      const url = (p: string) => new URL(p, this.base).href;
      const options = emulatorOptions(m, {
        wasm: url(m.v86.wasm.name),
        disk: { url: url(m.disk.url), chunked: true },
        state: state ? undefined : url(m.state.name),
      });
      const sizes: Record<string, number> = {
        [m.v86.wasm.name]: m.v86.wasm.size,
        [m.state.name]: m.state.size,
      };
      const total = Object.values(sizes).reduce((a, b) => a + b, 0);
      const loadedByFile = new Map<string, number>();
      this.worker?.terminate();
      // "#use-scheduling-api": v86 reads it from the worker's location. Without it, v86 yields between its
      // time slices by a postMessage round trip to a helper worker: two thread wake-ups per slice. With it, it
      // yields with scheduler.postTask on its own thread (see docs/performance.md §8).
      this.worker = new Worker(`${vmWorkerUrl}#use-scheduling-api`, { type: "module" });
      this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.onMessage(ev.data);
      this.worker.onerror = (ev) => this.onWorkerError?.(ev.message || "the emulator worker crashed");
      const loaded = new Promise<void>((resolve, reject) => {
        this.onWorkerLoaded = resolve;
        this.onWorkerError = (msg) => reject(new Error(msg));
      });
      this.onWorkerProgress = (p) => {
        const name = p.fileName.split("/").pop() ?? p.fileName;
        loadedByFile.set(name, p.loaded);
        const done = [...loadedByFile.values()].reduce((a, b) => a + b, 0);
        onPhase({ kind: "downloading", loadedBytes: Math.min(done, total), totalBytes: total, file: name });
      };
      onPhase({ kind: "downloading", loadedBytes: 0, totalBytes: total, file: "" });
      this.post({ t: "boot", emulatorUrl: url(m.v86.lib.name), options, state }, state ? [state] : []);
      await loaded;
      onPhase({ kind: "restoring" });
      onPhase({ kind: "waiting-engine" });
      await resumeGuest(this.channel, this.guest);
      await waitForEngine(this.guest, 60000);
      onPhase({ kind: "ready", bootMs: performance.now() - t0 });
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      onPhase({ kind: "error", message, retryable: true });
      throw e;
    }
  }

  async saveState(): Promise<ArrayBuffer> {
    const start = performance.now();
    const r = await this.request({ t: "save", reqId: this.nextReq++ });
    // the guest's CPU stands still while its state is saved, but its clock does not (benchmarks read this measure)
    performance.measure("vm-save-state", { start, end: performance.now() });
    return (r as Extract<FromWorker, { t: "saved" }>).state;
  }

  async saveStateToFile(file: FileSystemFileHandle): Promise<number> {
    const start = performance.now();
    const r = await this.request({ t: "save-file", reqId: this.nextReq++, file });
    performance.measure("vm-save-state", { start, end: performance.now() });
    return (r as Extract<FromWorker, { t: "saved-file" }>).bytes;
  }

  async restore(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void> {
    const t0 = performance.now();
    onPhase({ kind: "restoring" });
    let s = state;
    if (!s) {
      const m = this.manifest ?? (await this.loadManifest());
      const res = await fetch(new URL(m.state.name, this.base));
      if (!res.ok) throw new Error(`snapshot missing (${res.status})`);
      s = await res.arrayBuffer();
    }
    await this.request({ t: "restore", reqId: this.nextReq++, state: s }, [s]);
    onPhase({ kind: "waiting-engine" });
    await resumeGuest(this.channel, this.guest);
    await waitForEngine(this.guest, 60000);
    onPhase({ kind: "ready", bootMs: performance.now() - t0 });
  }

  isAlive(timeoutMs = 3000): Promise<boolean> {
    return this.channel.ping(timeoutMs);
  }

  async diskWrittenBytes(): Promise<number> {
    const r = await this.request({ t: "stats", reqId: this.nextReq++ });
    return (r as Extract<FromWorker, { t: "stats" }>).diskWrittenBytes;
  }

  async destroy(): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
  }

  private post(m: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(m, transfer);
  }

  private request(m: ToWorker & { reqId: number }, transfer: Transferable[] = []): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.pending.set(m.reqId, { resolve, reject });
      this.post(m, transfer);
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case "serial":
        if (m.port === TERMINAL_PORT) this.terminalListeners.forEach((l) => l(m.bytes));
        else if (m.port === CHANNEL_PORT) this.channelListener(m.bytes);
        break;
      case "progress":
        this.onWorkerProgress?.(m);
        break;
      case "loaded":
        this.onWorkerLoaded?.();
        break;
      case "error":
        if (m.reqId !== undefined && this.pending.has(m.reqId)) {
          this.pending.get(m.reqId)!.reject(new Error(m.message));
          this.pending.delete(m.reqId);
        } else this.onWorkerError?.(m.message);
        break;
      default:
        if ("reqId" in m) {
          this.pending.get(m.reqId)?.resolve(m);
          this.pending.delete(m.reqId);
        }
    }
  }
}
