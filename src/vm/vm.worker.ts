/// <reference lib="webworker" />
/**
 * Runs v86 off the main thread so the page stays smooth. It only moves bytes: serial ports out,
 * keystrokes/channel frames in, and machine states; the guest channel lives in the page.
 */
import type { FromWorker, ToWorker } from "./worker-protocol";
import { batchSerialOutput } from "./serial-batch";
import type { V86Like } from "./emulator-host";
import { releaseBuffer } from "../lib/release-buffer";

declare const self: DedicatedWorkerGlobalScope;
type Emulator = V86Like;
let emulator: Emulator | null = null;
/** Bytes the guest wrote to its disk since this worker booted, rewrites included (see Vm.diskWrittenBytes). */
let diskWrittenBytes = 0;
const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

function forwardSerial(e: Emulator, port: number): void {
  batchSerialOutput(e, port, (bytes) => post({ t: "serial", port, bytes }, [bytes.buffer]));
}

/**
 * Saving and restoring are asynchronous in v86 (a state is compressed/decompressed between awaits): a restore that
 * starts while a save is still running (a rewind point being captured as the learner jumps) must wait for it.
 */
let machineOp: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(op: () => Promise<T>): Promise<T> {
  const next = machineOp.then(op, op);
  machineOp = next.catch(() => undefined);
  return next;
}

/**
 * The emulator's JIT at work, for benchmarks (read with Playwright's worker.evaluate): wasm modules compiled, and
 * from the source build (vm/emulator/patches) its eviction sweeps, full flushes and live modules.
 */
function countJit(e: Emulator): void {
  const cpu = (e as unknown as { v86: { cpu: { codegen_finalize: (...a: number[]) => void; wm?: { exports: Record<string, (n: number) => number> } } } }).v86
    .cpu;
  const stats = { compiled: 0, compiledBytes: 0 };
  const finalize = cpu.codegen_finalize.bind(cpu);
  cpu.codegen_finalize = (...a: number[]) => {
    stats.compiled++;
    stats.compiledBytes += a[4] >>> 0;
    finalize(...a);
  };
  const stat = (i: number) => cpu.wm?.exports.jit_sandbox_stat?.(i);
  (self as unknown as { sandboxJitStats: () => unknown }).sandboxJitStats = () => ({ ...stats, sweeps: stat(0), flushes: stat(1), live: stat(2) });
}

/**
 * Writes the machine's state into `file` as v86 produces it, a piece at a time (the guest's memory pages and the
 * disk's written blocks are read as they are written): the state is never held in memory, in this worker or the page.
 */
async function saveToFile(e: Emulator, file: FileSystemFileHandle): Promise<number> {
  if (!e.save_state_to) throw new Error("this emulator build cannot save into a file");
  const out = await file.createSyncAccessHandle();
  try {
    out.truncate(0);
    const size = await e.save_state_to((bytes, at) => {
      if (out.write(bytes, { at }) !== bytes.length) throw new Error("the storage took fewer bytes than were written");
    });
    out.flush();
    return size;
  } finally {
    out.close();
  }
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.t) {
      case "boot": {
        // the emulator is a VM artefact (vm/libv86.mjs, built with vm/v86.wasm by `npm run build:vm`), not part of
        // the app bundle: the pair must match, and a benchmark can serve another build under the same URLs
        const { V86 } = (await import(/* @vite-ignore */ m.emulatorUrl)) as { V86: new (o: unknown) => V86Like };
        const e = new V86({ ...m.options, autostart: true });
        emulator = e;
        e.add_listener("download-progress", (p) =>
          post({ t: "progress", fileName: p.file_name, loaded: p.loaded, total: p.total, fileIndex: p.file_index, fileCount: p.file_count }),
        );
        e.add_listener("download-error", (p) => post({ t: "error", message: `download failed: ${p.file_name}` }));
        // the terminal and the guest channel (the kernel console, port 2, is read by the Node harness only)
        for (const port of [0, 1]) forwardSerial(e, port);
        e.add_listener("ide-write-end", (a) => (diskWrittenBytes += a[1]));
        e.add_listener("emulator-loaded", async () => {
          countJit(e);
          if (m.state) {
            await e.restore_state(m.state);
            // copied into the emulator (restore_state never keeps the state's own buffer): free it now
            releaseBuffer(m.state);
          }
          post({ t: "loaded" });
        });
        break;
      }
      case "input":
        emulator?.serial_send_bytes(m.port, m.bytes);
        break;
      case "save": {
        const state = await oneAtATime(() => emulator!.save_state());
        post({ t: "saved", reqId: m.reqId, state }, [state]);
        break;
      }
      case "save-file": {
        const bytes = await oneAtATime(() => saveToFile(emulator!, m.file));
        post({ t: "saved-file", reqId: m.reqId, bytes });
        break;
      }
      case "restore":
        await oneAtATime(async () => {
          // measured: a restore right after boot, while the guest was still reading disk chunks, left a broken
          // machine (no engine socket, or an agent that never answered); with the CPU stopped and the reads
          // already started given time to land, it does not
          const e = emulator!;
          await e.stop();
          await new Promise((r) => setTimeout(r, 1500));
          await e.restore_state(m.state);
          releaseBuffer(m.state);
          void e.run();
        });
        post({ t: "restored", reqId: m.reqId });
        break;
      case "stats":
        post({ t: "stats", reqId: m.reqId, diskWrittenBytes });
        break;
    }
  } catch (err) {
    post({ t: "error", reqId: "reqId" in m ? m.reqId : undefined, message: (err as Error).message ?? String(err) });
  }
};
