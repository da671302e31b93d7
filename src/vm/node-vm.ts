/**
 * The Node harness: boots the same artefacts as the page, in-process, so integration tests and the
 * benchmark can type into the terminal and ask the engine without a browser.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { emulatorOptions, type ArtefactLocations } from "./emulator-options";
import { EmulatorHost, type V86Like } from "./emulator-host";
import { resumeGuest, waitForEngine } from "./engine-ready";
import type { GuestApi } from "./guest-api";
import { createGuestApi } from "./guest-api-impl";
import type { VmManifest } from "./manifest";
import type { BootPhase, TerminalStream, Vm } from "./vm";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PUBLIC_VM = join(ROOT, "public/vm");
/** The build's raw disk (vm/out links to the cached build). */
export const RAW_DISK = join(ROOT, "vm/out/disk.img");
/** A cold boot (the build's snapshot step) takes 1–2 min on a quiet 2-core machine and 10 min and more on a loaded one. */
const COLD_BOOT_MS = 30 * 60_000;

export interface NodeVmOptions {
  /** Restore this state file (default: the shipped snapshot). Ignored with `cold`. */
  statePath?: string;
  /** Boot the kernel instead of restoring a snapshot (the build does this once). */
  cold?: boolean;
  /** Directory with bzImage / initrd.img / bios (default public/vm); for the build, the disk cache dir. */
  artefactDir?: string;
  diskPath?: string;
  manifest?: Pick<VmManifest, "memoryMb" | "cmdline" | "disk">;
  /** Print the kernel console (ttyS2) to stderr. */
  showConsole?: boolean;
  /** Directory with the emulator (v86.wasm + libv86.mjs); default: emulatorDir(). */
  emulatorDir?: string;
}

/**
 * The emulator the harness runs: the one the VM build published beside the snapshot (public/vm: built from source
 * by vm/emulator/), or with BENCH_EMULATOR=stock the npm package's prebuilt one, for side-by-side benchmarks.
 */
export function emulatorDir(): string {
  if (process.env.BENCH_EMULATOR === "stock") return dirname(createRequire(import.meta.url).resolve("v86/build/v86.wasm"));
  return PUBLIC_VM;
}

export function loadManifest(dir = PUBLIC_VM): VmManifest {
  const p = join(dir, "manifest.json");
  if (!existsSync(p)) throw new Error(`${p} is missing: run \`npm run build:vm\` first`);
  return JSON.parse(readFileSync(p, "utf8")) as VmManifest;
}

async function createEmulator(dir: string, options: Record<string, unknown>): Promise<V86Like> {
  const { V86 } = (await import(pathToFileURL(join(dir, "libv86.mjs")).href)) as { V86: new (o: unknown) => V86Like };
  const emulator = new V86(options);
  await new Promise<void>((r) => emulator.add_listener("emulator-loaded", () => r()));
  return emulator;
}

export class NodeVm implements Vm {
  host!: EmulatorHost;
  guest!: GuestApi;
  terminal!: TerminalStream;
  /** Milliseconds from construction to the engine answering. */
  bootMs = 0;
  private diskWritten = 0;

  private constructor(private readonly opts: NodeVmOptions) {}

  /** Boots (restore by default) and resolves once dockerd answers. */
  static async start(opts: NodeVmOptions = {}, onPhase: (p: BootPhase) => void = () => {}): Promise<NodeVm> {
    const vm = new NodeVm(opts);
    await vm.boot(onPhase);
    return vm;
  }

  async boot(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void> {
    const t0 = performance.now();
    const o = this.opts;
    const dir = o.artefactDir ?? PUBLIC_VM;
    const manifest = o.manifest ?? loadManifest();
    const emulator = o.emulatorDir ?? emulatorDir();
    const at: ArtefactLocations = {
      wasm: join(emulator, "v86.wasm"),
      bios: "/usr/share/seabios/bios.bin",
      vgaBios: "/usr/share/seabios/vgabios-stdvga.bin",
      disk: { url: o.diskPath ?? RAW_DISK, chunked: false },
    };
    if (o.cold) {
      at.kernel = join(dir, "bzImage");
      at.initrd = join(dir, "initrd.img");
    } else if (!state) {
      at.state = o.statePath ?? join(dir, loadManifest(dir).state.name);
    }
    onPhase({ kind: "restoring" });
    const v86 = await createEmulator(emulator, emulatorOptions(manifest, at));
    this.attach(v86);
    if (state) await v86.restore_state(state);
    onPhase({ kind: "waiting-engine" });
    if (o.cold) {
      await this.host.channel.waitReady(COLD_BOOT_MS);
    } else {
      await resumeGuest(this.host.channel, this.guest);
    }
    await waitForEngine(this.guest, o.cold ? COLD_BOOT_MS : 120000);
    this.bootMs = performance.now() - t0;
    onPhase({ kind: "ready", bootMs: this.bootMs });
  }

  private attach(emulator: V86Like): void {
    this.host = new EmulatorHost(emulator);
    emulator.add_listener("ide-write-end", (a: [number, number, number]) => (this.diskWritten += a[1]));
    if (this.opts.showConsole) this.host.onConsole((b) => process.stderr.write(b));
    this.guest = createGuestApi(this.host.channel);
    const host = this.host;
    this.terminal = {
      write: (d) => host.writeTerminal(d),
      onData: (l) => host.onTerminal(l),
      resize: (cols, rows) => host.channel.resizeTty(cols, rows),
    };
  }

  get emulator(): V86Like {
    return this.host.emulator;
  }

  saveState(): Promise<ArrayBuffer> {
    return this.host.emulator.save_state();
  }

  async diskWrittenBytes(): Promise<number> {
    return this.diskWritten;
  }

  async restore(onPhase: (phase: BootPhase) => void, state?: ArrayBuffer): Promise<void> {
    const t0 = performance.now();
    onPhase({ kind: "restoring" });
    const buf = state ?? new Uint8Array(readFileSync(this.opts.statePath ?? join(PUBLIC_VM, loadManifest().state.name))).buffer;
    await this.host.emulator.restore_state(buf);
    onPhase({ kind: "waiting-engine" });
    await resumeGuest(this.host.channel, this.guest);
    await waitForEngine(this.guest, 60000);
    onPhase({ kind: "ready", bootMs: performance.now() - t0 });
  }

  isAlive(timeoutMs = 3000): Promise<boolean> {
    return this.host.channel.ping(timeoutMs);
  }

  async destroy(): Promise<void> {
    await this.host?.emulator.destroy();
  }
}
