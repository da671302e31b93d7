/** Messages between the page (BrowserVm) and the emulator worker (vm.worker.ts). */
export type ToWorker =
  | { t: "boot"; emulatorUrl: string; options: Record<string, unknown>; state?: ArrayBuffer }
  | { t: "input"; port: number; bytes: Uint8Array }
  | { t: "save"; reqId: number }
  /** Save the state straight into this (empty) file of origin-private storage. */
  | { t: "save-file"; reqId: number; file: FileSystemFileHandle }
  | { t: "restore"; reqId: number; state: ArrayBuffer }
  | { t: "stats"; reqId: number };

export type FromWorker =
  | { t: "progress"; fileName: string; loaded: number; total: number; fileIndex: number; fileCount: number }
  | { t: "loaded" }
  | { t: "serial"; port: number; bytes: Uint8Array }
  | { t: "saved"; reqId: number; state: ArrayBuffer }
  | { t: "saved-file"; reqId: number; bytes: number }
  | { t: "restored"; reqId: number }
  | { t: "stats"; reqId: number; diskWrittenBytes: number }
  | { t: "error"; reqId?: number; message: string };
