/** public/vm/manifest.json, written by vm/manifest.mjs at build time. */
export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface VmManifest {
  format: 1;
  build: { diskKey: string; stateKey: string; builtAt: string };
  /** The emulator: "source" = vm/emulator (pinned upstream commit + our patches), "stock" = the npm package. */
  v86: { version: string; build?: "source" | "stock"; commit?: string; patches?: string; wasm: ManifestFile; lib: ManifestFile };
  bios: ManifestFile;
  vgaBios: ManifestFile;
  kernel: ManifestFile;
  initrd: ManifestFile;
  cmdline: string;
  memoryMb: number;
  disk: { size: number; chunkBytes: number; chunks: number; compressedBytes: number; url: string };
  state: ManifestFile & { savedAt: string; guestMemMb?: number };
  versions: Record<string, string | null>;
}

/** Identifies a build: a saved learner state is only valid for the same disk and v86 version. */
export function buildId(m: VmManifest): string {
  return `${m.build.diskKey}-${m.v86.version}`;
}
