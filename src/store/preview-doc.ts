/**
 * A page served inside the guest, made safe to show in a sandboxed iframe (sandbox="", srcdoc):
 * no scripts (sandbox), no requests to anywhere (CSP default-src 'none'), links cannot navigate
 * (target=_blank with popups disallowed). Guest HTML never reaches the main document.
 */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; media-src data:; form-action 'none'; base-uri 'none'";
export const MAX_PREVIEW_BYTES = 2_000_000;

const GUARD = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}"><meta charset="utf-8"><base target="_blank">`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function base64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const pre = (text: string) => `${GUARD}<pre style="white-space:pre-wrap;font:13px/1.4 monospace;margin:8px">${escapeHtml(text)}</pre>`;

/** The iframe's srcdoc for a response body. */
export function previewSrcdoc(contentType: string, body: Uint8Array): string {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const truncated = body.length > MAX_PREVIEW_BYTES;
  const bytes = truncated ? body.subarray(0, MAX_PREVIEW_BYTES) : body;
  const text = () => new TextDecoder().decode(bytes) + (truncated ? "\n…" : "");
  if (type === "text/html" || type === "application/xhtml+xml" || (type === "" && /^\s*</.test(text()))) return GUARD + text();
  if (type.startsWith("image/") && !truncated && type !== "image/svg+xml") {
    return `${GUARD}<img alt="" style="max-width:100%" src="data:${escapeHtml(type)};base64,${base64(bytes)}">`;
  }
  if (type.startsWith("text/") || type.includes("json") || type.includes("xml") || type.includes("javascript") || type === "") return pre(text());
  return pre(`(${type}, ${body.length} bytes)`);
}
