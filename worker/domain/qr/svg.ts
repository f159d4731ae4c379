import { encodeQr } from "./encode.ts";

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A QR code as a standalone SVG document: one path, dark on white whatever the page's theme (scanners
 * need the contrast), with the four-module quiet zone the spec asks for. Drawn by the worker so the
 * widget carries no encoder; `title` names it for tools that open the image on its own (the widget's
 * `<img alt>` is what screen readers hear).
 */
export function qrSvg(text: string, title: string): string {
  const qr = encodeQr(text);
  const n = qr.size;
  let d = "";
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      if (!qr.modules[y * n + x]) continue;
      let run = 1;
      while (x + run < n && qr.modules[y * n + x + run]) run++;
      d += `M${x + 4} ${y + 4}h${run}v1h-${run}z`;
      x += run - 1;
    }
  const box = n + 8;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${box} ${box}" shape-rendering="crispEdges">` +
    `<title>${escapeXml(title)}</title><rect width="${box}" height="${box}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`
  );
}
