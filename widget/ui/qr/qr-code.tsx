import { encodeQr } from "./encode.ts";

/**
 * A QR code as one SVG path, dark on white whatever the theme (scanners need the contrast), with the
 * four-module quiet zone the spec asks for. Named for screen readers by `label`.
 */
export function QrCode({ text, label, size = 200 }: { text: string; label: string; size?: number }) {
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
    <svg role="img" aria-label={label} viewBox={`0 0 ${box} ${box}`} width={size} height={size} shape-rendering="crispEdges">
      <rect width={box} height={box} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
