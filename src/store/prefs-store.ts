import { createStore, type StoreApi } from "zustand/vanilla";
import type { KeyValue } from "../lib/kv";
import { KV_PREFIX } from "../lib/kv";

export type Lang = "zh" | "en";
export type Theme = "light" | "dark";
export type WorkTab = "engine" | "editor" | "preview";

export interface PrefsState {
  lang: Lang;
  theme: Theme;
  tab: WorkTab;
  /** Width of the lesson panel in px, height share of the terminal (0..1). */
  lessonWidth: number;
  terminalShare: number;
  setLang(lang: Lang): void;
  toggleTheme(): void;
  setTab(tab: WorkTab): void;
  setLessonWidth(px: number): void;
  setTerminalShare(share: number): void;
}

const KEY = `${KV_PREFIX}prefs`;
type Saved = Pick<PrefsState, "lang" | "theme" | "tab" | "lessonWidth" | "terminalShare">;

const DEFAULTS: Saved = { lang: "zh", theme: "light", tab: "engine", lessonWidth: 420, terminalShare: 0.58 };

function load(kv: KeyValue, prefersDark: boolean): Saved {
  const base = { ...DEFAULTS, theme: prefersDark ? ("dark" as const) : ("light" as const) };
  try {
    const raw = JSON.parse(kv.get(KEY) ?? "null") as Partial<Saved> | null;
    if (!raw || typeof raw !== "object") return base;
    return {
      lang: raw.lang === "en" || raw.lang === "zh" ? raw.lang : base.lang,
      theme: raw.theme === "dark" || raw.theme === "light" ? raw.theme : base.theme,
      tab: raw.tab === "editor" || raw.tab === "preview" || raw.tab === "engine" ? raw.tab : base.tab,
      lessonWidth: clamp(Number(raw.lessonWidth) || base.lessonWidth, 280, 900),
      terminalShare: clamp(Number(raw.terminalShare) || base.terminalShare, 0.2, 0.85),
    };
  } catch {
    return base;
  }
}

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Language (Chinese first), theme, the open work tab and the panel sizes; kept in localStorage. */
export function createPrefsStore(kv: KeyValue, prefersDark = false): StoreApi<PrefsState> {
  const store = createStore<PrefsState>()((set) => ({
    ...load(kv, prefersDark),
    setLang: (lang) => set({ lang }),
    toggleTheme: () => set((s) => ({ theme: s.theme === "dark" ? "light" : "dark" })),
    setTab: (tab) => set({ tab }),
    setLessonWidth: (px) => set({ lessonWidth: clamp(Math.round(px), 280, 900) }),
    setTerminalShare: (share) => set({ terminalShare: clamp(share, 0.2, 0.85) }),
  }));
  store.subscribe((s) => {
    const saved: Saved = { lang: s.lang, theme: s.theme, tab: s.tab, lessonWidth: s.lessonWidth, terminalShare: s.terminalShare };
    kv.set(KEY, JSON.stringify(saved));
  });
  return store;
}
