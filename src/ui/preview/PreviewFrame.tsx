import { useEffect, useRef } from "react";
import { FRAME_SANDBOX, FRAME_SRCDOC } from "../../preview/frame-doc";
import { INIT_MESSAGE } from "../../preview/protocol";
import { previewStore } from "../../store/app";

/** How long a frame that went away (pagehide) has to come back with its loader before we call it a blocked navigation. */
const LEAVE_GRACE_MS = 3000;

/**
 * The frame for one document of a preview tab (a new one per document): the loader's srcdoc, in an opaque origin.
 * On its first load it gets a MessagePort that the store serves (src/preview/bridge.ts). Later loads matter only
 * after the page said it was leaving: location.reload() brings the loader back (the tab reloads), a navigation by
 * script is blocked by the page's frame-src CSP (a note says so).
 */
export function PreviewFrame({ port, seq, title }: { port: number; seq: number; title: string }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const life = useRef({ state: "waiting" as "waiting" | "shown" | "leaving", stop: () => {}, timer: 0 });

  useEffect(() => {
    const l = life.current;
    return () => {
      clearTimeout(l.timer);
      l.stop();
    };
  }, []);

  const connect = () => {
    const l = life.current;
    const frame = ref.current?.contentWindow;
    if (!frame) return;
    l.stop();
    const { port1, port2 } = new MessageChannel();
    const reloading = l.state === "leaving";
    l.stop = previewStore.getState().serveFrame(port, seq, port1, {
      onHello: () => {
        clearTimeout(l.timer);
        l.state = "shown";
        if (reloading) previewStore.getState().reload(port);
      },
      onLeaving: () => {
        l.state = "leaving";
      },
    });
    frame.postMessage(INIT_MESSAGE, "*", [port2]);
    if (reloading) l.timer = window.setTimeout(() => previewStore.getState().note(port, { kind: "script-navigation" }), LEAVE_GRACE_MS);
  };

  const onLoad = () => {
    // "shown": the document the loader wrote has finished loading; nothing to do
    if (life.current.state !== "shown") connect();
  };

  return (
    <iframe
      ref={ref}
      className="preview-frame"
      title={title}
      sandbox={FRAME_SANDBOX}
      srcDoc={FRAME_SRCDOC}
      referrerPolicy="no-referrer"
      data-testid="preview-frame"
      onLoad={onLoad}
    />
  );
}
