import { useState } from "preact/hooks";
import type { ComponentType } from "preact";
import type { TrackingText } from "./messages.ts";

type QrCodeComponent = ComponentType<{ text: string; label: string; size?: number }>;

/**
 * "Show in-store return code": the QR code is drawn in the browser from the order's status link, so
 * staff can open the order at the till. Its encoder loads only when asked for.
 */
export function ReturnCode({ tt, text, number }: { tt: TrackingText; text: string; number: string }) {
  const [QrCode, setQrCode] = useState<QrCodeComponent | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = async () => {
    if (!QrCode) {
      const module = await import("../../ui/qr/qr-code.tsx");
      setQrCode(() => module.QrCode);
    }
    setOpen(!open);
  };
  return (
    <div class="return-code">
      <button type="button" class="btn quiet" aria-expanded={open} onClick={toggle}>
        {open ? tt("qrHide") : tt("qrShow")}
      </button>
      {open && QrCode && (
        <figure>
          <QrCode text={text} label={tt("qrLabel", { number })} size={200} />
          <figcaption class="muted">{tt("qrHint")}</figcaption>
        </figure>
      )}
    </div>
  );
}
