/**
 * The preview frame as the page creates it: an opaque origin (sandbox without allow-same-origin) whose only
 * content is the loader (src/preview/frame/), under a CSP that lets it load nothing from any network: every
 * sub-resource becomes a blob: URL made in the frame from bytes that came over the MessagePort. See docs/preview.md.
 */
import frameScriptUrl from "virtual:preview-frame-script";

/**
 * Scripts: the loader (data:), the site's scripts (blob:, inline, eval: they only reach their own opaque origin).
 * No connect-src but blob:/data: (fetch and XHR are replaced by the loader), no frames, workers, objects, and no
 * form submissions of the browser's own (the loader submits forms through the page).
 */
export const FRAME_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' blob: data:",
  "style-src 'unsafe-inline' blob: data:",
  "img-src blob: data:",
  "font-src blob: data:",
  "media-src blob: data:",
  "connect-src blob: data:",
  "form-action 'none'",
].join("; ");

/** No allow-same-origin (an opaque origin), no popups, no top navigation, no modal dialogs, no downloads. */
export const FRAME_SANDBOX = "allow-scripts allow-forms";

export const FRAME_SRCDOC = `<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><script src="${frameScriptUrl}"></script>`;
