/** npm wawoff2 (Google's woff2 encoder and decoder as wasm) ships no types. Both return a view into the
 * module's wasm memory, valid until its next call. */
declare module "wawoff2" {
  const wawoff2: { compress(font: Uint8Array): Promise<Uint8Array>; decompress(woff2: Uint8Array): Promise<Uint8Array> };
  export default wawoff2;
}
