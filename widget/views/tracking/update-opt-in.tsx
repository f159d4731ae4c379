import { Component } from "preact";
import type { OrderView } from "../../../contract/order-view.ts";
import { UPDATE_CHANNELS, type UpdateChannel } from "../../../contract/vocabularies.ts";
import type { PreferencesAnswer } from "../../../contract/shopper-answers.ts";
import { setUpdatePreference } from "../../api.ts";
import type { TrackingText } from "./messages.ts";

type Marketing = OrderView["marketing"];

interface Props {
  tt: TrackingText;
  api: string;
  token: string;
  current: OrderView["updates"];
  /** Whether marketing is already granted, per channel: the only way the box starts ticked. */
  marketing: Marketing;
  onSaved(channel: UpdateChannel): void;
}

interface State {
  channel: UpdateChannel;
  contact: string;
  /** The marketing box per channel (the worker's answer once saved). */
  offers: Partial<Marketing>;
  busy: boolean;
  message: string;
}

/**
 * Email or text updates about this order, or none: one choice, saved to the worker with consent time.
 * News and offers are a choice of their own below it (email and text only), unticked unless already
 * given: what is saved is the box as the shopper leaves it.
 */
export class UpdateOptIn extends Component<Props, State> {
  override state: State = {
    channel: this.props.current?.channel ?? "email",
    contact: "",
    offers: { ...this.props.marketing },
    busy: false,
    message: this.props.current ? this.saved({ ...this.props.current, marketing: this.props.marketing }) : "",
  };

  /** What was saved, in words: no updates, updates, or updates with news and offers. */
  saved(choice: PreferencesAnswer) {
    const { channel } = choice;
    return this.props.tt(channel == "none" ? "savedNone" : choice.marketing?.[channel] ? "savedOffers" : "saved", {
      contact: choice.contactHint ?? "",
    });
  }

  save = async (event: Event) => {
    event.preventDefault();
    const { channel, contact, offers } = this.state;
    this.setState({ busy: true });
    const answer = await setUpdatePreference(
      this.props.api,
      this.props.token,
      channel == "none" ? { channel } : { channel, contact: contact.trim() || undefined, marketing: !!offers[channel] },
    );
    if (!answer.ok) return this.setState({ busy: false, message: this.props.tt("saveFailed", { message: answer.error.message }) });
    this.setState({ busy: false, offers: { ...answer.data.marketing }, message: this.saved(answer.data) });
    this.props.onSaved(channel);
  };

  render({ tt }: Props, { channel, contact, offers, busy, message }: State) {
    const onInput = (e: { currentTarget: HTMLInputElement }) => this.setState({ contact: e.currentTarget.value });
    return (
      <form class="card" onSubmit={this.save}>
        <fieldset>
          <legend>
            <h3>{tt("updates")}</h3>
            <span class="muted">{tt("updatesAsk")}</span>
          </legend>
          {UPDATE_CHANNELS.map((c) => (
            <label key={c} class="choice">
              <input type="radio" name="channel" value={c} checked={channel == c} onChange={() => this.setState({ channel: c })} />
              {tt(`ch_${c}`)}
            </label>
          ))}
          {channel != "none" && (
            <label class="field">
              {tt(channel == "sms" ? "phoneLabel" : "emailLabel")}
              {channel == "sms" ? (
                <input type="tel" autocomplete="tel" value={contact} onInput={onInput} />
              ) : (
                <input type="email" autocomplete="email" value={contact} onInput={onInput} />
              )}
            </label>
          )}
        </fieldset>
        {/* Not part of the delivery-update choice above: a box of its own, with its own words. */}
        {channel != "none" && (
          <label class="choice">
            <input
              type="checkbox"
              checked={!!offers[channel]}
              onChange={(e) => this.setState({ offers: { ...offers, [channel]: e.currentTarget.checked } })}
            />
            {tt(`offers_${channel}`)}
          </label>
        )}
        <button type="submit" class="btn" disabled={busy}>
          {tt("save")}
        </button>
        <p class="muted" role="status">
          {message}
        </p>
      </form>
    );
  }
}
