import { Component } from "preact";
import type { TrackingText } from "./messages.ts";

interface Props {
  tt: TrackingText;
  api: string;
  token: string;
  number: string;
}

/**
 * "Show in-store return code": the order's status link as a QR code, so staff can open the order at the
 * till. The worker draws it (GET /v1/o/{token}/return-code.svg): the widget carries no encoder, and the
 * image is fetched only when asked for.
 */
export class ReturnCode extends Component<Props, { open?: boolean }> {
  render({ tt, api, token, number }: Props, { open }: { open?: boolean }) {
    return (
      <div>
        <button type="button" class="btn quiet" aria-expanded={!!open} onClick={() => this.setState({ open: !open })}>
          {open ? tt("qrHide") : tt("qrShow")}
        </button>
        {open && (
          <figure>
            <img
              class="qr"
              src={`${api}/v1/o/${encodeURIComponent(token)}/return-code.svg`}
              alt={tt("qrLabel", { number })}
              width={200}
              height={200}
            />
            <figcaption class="muted">{tt("qrHint")}</figcaption>
          </figure>
        )}
      </div>
    );
  }
}
