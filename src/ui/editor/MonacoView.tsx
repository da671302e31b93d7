import { useEffect, useRef } from "react";
import { editorStore, prefsStore } from "../../store/app";
import { languageFor } from "../../store/editor-store";
import { monaco } from "./monaco-setup";

/** The Monaco editor over the editor store's file (loaded lazily with its workers). */
export default function MonacoView() {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const editor = monaco.editor.create(box.current!, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      theme: prefsStore.getState().theme === "dark" ? "vs-dark" : "vs",
      tabSize: 2,
      renderWhitespace: "boundary",
      unicodeHighlight: { ambiguousCharacters: false },
      fixedOverflowWidgets: true,
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void editorStore.getState().save());

    let applying = false;
    const show = () => {
      const s = editorStore.getState();
      if (!s.path) return;
      const uri = monaco.Uri.file(s.path);
      let model = monaco.editor.getModel(uri);
      if (!model) model = monaco.editor.createModel(s.text, languageFor(s.path), uri);
      else if (model.getValue() !== s.text) {
        applying = true;
        model.setValue(s.text);
        applying = false;
      }
      if (editor.getModel() !== model) editor.setModel(model);
      editor.updateOptions({ readOnly: s.status !== "ready" });
    };
    show();
    const offChange = editor.onDidChangeModelContent(() => {
      if (!applying) editorStore.getState().setText(editor.getValue());
    });
    const offStore = editorStore.subscribe((s, prev) => {
      if (s.path !== prev.path || s.loads !== prev.loads || s.status !== prev.status) show();
    });
    const offTheme = prefsStore.subscribe((s, prev) => {
      if (s.theme !== prev.theme) monaco.editor.setTheme(s.theme === "dark" ? "vs-dark" : "vs");
    });
    return () => {
      offChange.dispose();
      offStore();
      offTheme();
      editor.dispose();
    };
  }, []);

  return <div className="monaco-box" ref={box} data-testid="monaco" />;
}
