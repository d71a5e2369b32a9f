/** Vite's `?inline` query: the file as a base64 data URL (how tests get font bytes into workerd). */
declare module "*?inline" {
  const dataUrl: string;
  export default dataUrl;
}
