/*
 * The page's own fonts (npm @fontsource, served with the app and cached by the offline worker), so that no text shows
 * as empty boxes on a machine without CJK fonts: Noto Sans SC (Chinese, and the UI's Latin), split by unicode-range
 * so the browser fetches only the files a text uses; DejaVu Mono for the terminal and code. Their family names come
 * first in --font-ui and --font-mono (styles.css) and in TERMINAL_FONT (terminal/xterm-theme.ts).
 * Imported from a module (not a CSS @import) so that the build's woff2Only plugin sees these stylesheets.
 */
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/dejavu-mono/400.css";
