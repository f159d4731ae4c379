import { Component, type ComponentType } from "preact";
import { importPart } from "../../parts.ts";
import type { TrackingText } from "./messages.ts";

type QrCodeComponent = ComponentType<{ text: string; label: string; size?: number }>;

interface Props {
  tt: TrackingText;
  api: string;
  text: string;
  number: string;
}

/**
 * "Show in-store return code": the QR code is drawn in the browser from the order's status link, so
 * staff can open the order at the till. Its encoder loads only when asked for.
 */
export class ReturnCode extends Component<Props, { Qr?: QrCodeComponent; open?: boolean }> {
  toggle = async () => {
    const Qr = this.state.Qr ?? (await importPart<{ QrCode: QrCodeComponent }>(this.props.api, "qr-code")).QrCode;
    this.setState({ Qr, open: !this.state.open });
  };

  render({ tt, text, number }: Props, { Qr, open }: { Qr?: QrCodeComponent; open?: boolean }) {
    return (
      <div>
        <button type="button" class="btn quiet" aria-expanded={!!open} onClick={this.toggle}>
          {open ? tt("qrHide") : tt("qrShow")}
        </button>
        {open && Qr && (
          <figure>
            <Qr text={text} label={tt("qrLabel", { number })} size={200} />
            <figcaption class="muted">{tt("qrHint")}</figcaption>
          </figure>
        )}
      </div>
    );
  }
}
