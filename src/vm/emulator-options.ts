import type { VmManifest } from "./manifest";

/** Where the emulator reads each artefact from: URLs in the browser, file paths in Node. */
export interface ArtefactLocations {
  wasm: string;
  /** SeaBIOS and its VGA BIOS: only for a cold boot. A restored state holds the BIOS as the guest's memory holds it,
   * and the running kernel never calls into it again (the page always restores, so it downloads neither). */
  bios?: string;
  vgaBios?: string;
  /** Kernel and initramfs: only for a cold boot (a snapshot already holds the running kernel). */
  kernel?: string;
  initrd?: string;
  /** A raw disk image (Node) or the chunk base name "…/disk.img.zst" (browser, fixed-size zstd chunks). */
  disk: { url: string; chunked: boolean };
  /** The snapshot to restore; omitted for a cold boot (the build does that once). */
  state?: string;
}

/**
 * The v86 options of the sandbox, shared by the Node harness and the page so both run the same machine:
 * ttyS0 = learner's terminal, ttyS1 = guest channel (agent), ttyS2 = kernel console / boot log.
 */
export function emulatorOptions(m: Pick<VmManifest, "memoryMb" | "cmdline" | "disk">, at: ArtefactLocations): Record<string, unknown> {
  return {
    wasm_path: at.wasm,
    memory_size: m.memoryMb * 1024 * 1024,
    vga_memory_size: 2 * 1024 * 1024,
    bios: at.bios ? { url: at.bios } : undefined,
    vga_bios: at.vgaBios ? { url: at.vgaBios } : undefined,
    bzimage: at.kernel ? { url: at.kernel } : undefined,
    initrd: at.initrd ? { url: at.initrd } : undefined,
    cmdline: m.cmdline,
    hda: at.disk.chunked
      ? { url: at.disk.url, async: true, size: m.disk.size, fixed_chunk_size: m.disk.chunkBytes, use_parts: true }
      : { url: at.disk.url, async: true, size: m.disk.size, fixed_chunk_size: m.disk.chunkBytes },
    initial_state: at.state ? { url: at.state } : undefined,
    acpi: false,
    uart1: true,
    uart2: true,
    autostart: true,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
    fastboot: true,
  };
}
