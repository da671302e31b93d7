// esbuild entry for the emulator bundle (libv86.mjs): the same exports the npm package's ES module has.
import { V86 } from "./src/browser/starter.js";
export { CPU } from "./src/cpu.js";
export { V86 };
export default V86;
