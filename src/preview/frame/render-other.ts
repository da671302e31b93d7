/**
 * A document that is not HTML, shown the way a browser tab shows one: a picture, a player, text (JSON, CSS,
 * scripts, plain text) as text, anything else as a line saying what it is. Built with DOM calls only.
 */
import type { DocMessage } from "../protocol";

export const essence = (contentType: string) => contentType.split(";")[0]!.trim().toLowerCase();

export function isTextual(type: string): boolean {
  return type.startsWith("text/") || /json|javascript|ecmascript|xml/.test(type);
}

export function renderOther(doc: DocMessage): void {
  const type = essence(doc.contentType);
  const bytes = new Uint8Array(doc.body);
  document.open();
  document.write('<!DOCTYPE html><html><head><meta name="color-scheme" content="light dark"></head><body></body></html>');
  document.close();
  const body = document.body;
  body.style.margin = "0";
  const blobUrl = () => URL.createObjectURL(new Blob([bytes], { type }));
  if (type.startsWith("image/") && !doc.truncated) {
    body.style.cssText = "margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#0e0e0e";
    const img = document.createElement("img");
    img.src = blobUrl();
    img.alt = doc.url;
    img.style.maxWidth = "100%";
    body.append(img);
  } else if ((type.startsWith("video/") || type.startsWith("audio/")) && !doc.truncated) {
    const media = document.createElement(type.startsWith("video/") ? "video" : "audio");
    media.controls = true;
    media.src = blobUrl();
    media.style.maxWidth = "100%";
    body.append(media);
  } else if (isTextual(type) || (type === "" && !bytes.includes(0))) {
    const pre = document.createElement("pre");
    pre.style.cssText = "white-space:pre-wrap;word-break:break-word;font:13px/1.4 monospace;margin:8px";
    pre.textContent = new TextDecoder().decode(bytes);
    body.append(pre);
  } else {
    const p = document.createElement("p");
    p.style.cssText = "font:14px sans-serif;margin:16px";
    p.textContent = `${type || "application/octet-stream"}, ${bytes.length} bytes`;
    body.append(p);
  }
}
