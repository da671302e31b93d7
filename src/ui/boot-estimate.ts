/**
 * How long until the prompt, from what the download has shown so far. After the bytes are in, the
 * machine still restores its snapshot and waits for dockerd (measured: a few seconds).
 */
export const AFTER_DOWNLOAD_MS = 8000;

export interface DownloadSample {
  loadedBytes: number;
  totalBytes: number;
  /** Since the download started. */
  elapsedMs: number;
}

/** Milliseconds until the prompt, or null while too little is known to say. */
export function estimateRemainingMs(s: DownloadSample, afterDownloadMs = AFTER_DOWNLOAD_MS): number | null {
  if (s.elapsedMs < 400 || s.loadedBytes <= 0) return null;
  const rate = s.loadedBytes / s.elapsedMs;
  const remaining = Math.max(0, s.totalBytes - s.loadedBytes);
  return Math.round(remaining / rate + afterDownloadMs);
}

/** After the download: what is left of the restore + engine wait (never below one second). */
export function estimateAfterDownloadMs(sinceDownloadEndMs: number, afterDownloadMs = AFTER_DOWNLOAD_MS): number {
  return Math.max(1000, afterDownloadMs - sinceDownloadEndMs);
}

/** Share of the download done, 0..1. */
export function downloadFraction(loadedBytes: number, totalBytes: number): number {
  if (totalBytes <= 0) return 0;
  return Math.min(1, Math.max(0, loadedBytes / totalBytes));
}

export function formatMb(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1);
}

export function formatSeconds(ms: number): string {
  return String(Math.max(1, Math.round(ms / 1000)));
}
