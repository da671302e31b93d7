import type { ITheme } from "@xterm/xterm";
import type { Theme } from "../../store/prefs-store";

/** The page's own fonts first (src/ui/fonts.ts): DejaVu Mono, and Noto Sans SC for the Chinese the guest prints. */
export const TERMINAL_FONT = '"DejaVu Mono", "Noto Sans SC", "DejaVu Sans Mono", Menlo, Consolas, monospace';
/** What the terminal waits for before it measures its cells (the font a cell's width comes from). */
export const TERMINAL_FONT_LOAD = '14px "DejaVu Mono"';

export const XTERM_THEMES: Record<Theme, ITheme> = {
  dark: {
    background: "#14171c",
    foreground: "#d7dae0",
    cursor: "#f0c674",
    selectionBackground: "#3a4a63",
    black: "#1d2026",
    brightBlack: "#5c6370",
  },
  light: {
    background: "#fbfbfa",
    foreground: "#24292f",
    cursor: "#0b6bcb",
    cursorAccent: "#ffffff",
    selectionBackground: "#b6d3f5",
    black: "#24292f",
    red: "#c4232f",
    green: "#1a7f37",
    yellow: "#8a6100",
    blue: "#0550ae",
    magenta: "#8250df",
    cyan: "#1b7c83",
    white: "#6e7781",
    brightBlack: "#57606a",
    brightRed: "#a40e26",
    brightGreen: "#116329",
    brightYellow: "#6e4b00",
    brightBlue: "#0a3069",
    brightMagenta: "#6639ba",
    brightCyan: "#1b5e63",
    brightWhite: "#8c959f",
  },
};
