/** The preview frame's loader as a data: URL, built by vite.config.ts (previewFramePlugin). */
declare module "virtual:preview-frame-script" {
  const url: string;
  export default url;
}
