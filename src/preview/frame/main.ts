/**
 * The loader inside the preview frame (an opaque origin: sandbox="allow-scripts allow-forms", no
 * allow-same-origin). It gets a MessagePort from the page, asks for its document, and shows it with every request
 * going over the port: see docs/preview.md. Bundled into one script by vite.config.ts (virtual:preview-frame-script).
 */
import { INIT_MESSAGE, type DocMessage } from "../protocol";
import { decodeHtml, keepResourcesFlowing, prepareDocument } from "./document";
import { FrameNavigation } from "./navigation";
import { installNetworkShims } from "./network-shims";
import { PortClient } from "./port-client";
import { essence, renderOther } from "./render-other";
import { Resources } from "./resources";

async function show(doc: DocMessage, client: PortClient): Promise<void> {
  const type = essence(doc.contentType);
  const bytes = new Uint8Array(doc.body);
  const nav = new FrameNavigation(client, doc.url);
  installNetworkShims(client);
  nav.installCookie();
  const sniffed = type === "" && /^\s*(<!doctype html|<html|<head|<body|<p|<h\d|<div|<!--)/i.test(new TextDecoder().decode(bytes.subarray(0, 256)));
  if (type !== "text/html" && type !== "application/xhtml+xml" && !sniffed) return renderOther(doc);
  const resources = new Resources(client);
  const prepared = await prepareDocument(decodeHtml(bytes, doc.contentType), doc.url, resources);
  document.open();
  nav.install();
  keepResourcesFlowing(resources);
  document.write(prepared.html);
  document.close();
  const refresh = prepared.refresh;
  if (refresh) setTimeout(() => nav.navigate(refresh.url), refresh.seconds * 1000);
}

function onInit(e: MessageEvent): void {
  if (e.source !== parent || e.data !== INIT_MESSAGE || !e.ports[0]) return;
  window.removeEventListener("message", onInit);
  const client: PortClient = new PortClient(e.ports[0], (doc) => {
    show(doc, client).catch((err: unknown) => console.error("[preview] could not show the document:", err));
  });
  client.send({ t: "hello" });
}

window.addEventListener("message", onInit);
