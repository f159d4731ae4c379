/**
 * "Use the built-in survey" (DELETE /v1/admin/surveys/{placement}): shown while the store's own survey is
 * asked at a placement, with a confirmation step in the page rather than `confirm()`, so it is read out,
 * reached by the keyboard (focus moves into it, Escape or "Keep" puts it back on the action) and audited
 * by axe like the rest of the editor. Nothing is erased, and the step says so before anything is sent.
 */
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { SurveyPlacement, SurveyReset } from "../contract/surveys.ts";
import { type AdminError, adminCall, sending } from "./api.ts";
import { midSentence } from "./language.ts";
import { wordsOf } from "./words.ts";
import { surveyResetWords } from "./words/survey-reset.ts";

const say = wordsOf(surveyResetWords);

export const resetSurvey = (c: string, placement: SurveyPlacement) =>
  adminCall<SurveyReset>(`/v1/admin/surveys/${placement}`, c, sending("DELETE"));

/** What the editor announces once the reset is answered. */
export const resetMessage = (reset: SurveyReset) =>
  reset.changed ? say("resetDone", { version: String(reset.replacedVersion) }) : say("resetUnchanged");

export function BuiltInReset({
  credential,
  placement,
  label,
  version,
  onReset,
}: {
  credential: string;
  placement: SurveyPlacement;
  /** The placement's name, "Thank-you page" or "After delivery". */
  label: string;
  /** The store's version asked now (the one the built-in survey replaces). */
  version: number;
  onReset(reset: SurveyReset): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // Focus follows the step: into it when it opens, back to the action when it closes without a reset.
  // A layout effect moves it in the same commit that swaps the elements: with a plain effect (run after
  // paint) a quick Tab, Enter landed on the new button and the late focus then pulled the keyboard back
  // to the heading, so the Enter did nothing.
  const focus = useRef<"step" | "action" | undefined>(undefined);
  useLayoutEffect(() => {
    const id = focus.current === "step" ? "sq-reset-title" : focus.current === "action" ? "sq-reset" : undefined;
    const target = id && document.getElementById(id);
    if (!target) return;
    target.focus();
    focus.current = undefined;
  });

  const open = () => {
    setError(undefined);
    setConfirming(true);
    focus.current = "step";
  };
  const cancel = () => {
    setConfirming(false);
    focus.current = "action";
  };
  const confirm = () => {
    setBusy(true);
    setError(undefined);
    resetSurvey(credential, placement).then(
      (reset) => {
        setBusy(false);
        setConfirming(false);
        onReset(reset);
      },
      (err: AdminError) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };

  if (!confirming)
    return (
      <p>
        <button type="button" id="sq-reset" class="quiet" onClick={open}>
          {say("useBuiltIn")}
        </button>
      </p>
    );
  return (
    <fieldset
      class="confirm-step"
      aria-describedby="sq-reset-what"
      onKeyDown={(e) => {
        // Escape anywhere in the step cancels it, as it would a dialog.
        if (e.key === "Escape" && !busy) {
          e.preventDefault();
          cancel();
        }
      }}
    >
      <legend id="sq-reset-title" tabIndex={-1}>
        {say("confirmTitle", { placement: midSentence(label), version })}
      </legend>
      <p id="sq-reset-what">{say("confirmWhat", { version })}</p>
      <p class="actions">
        <button type="button" id="sq-reset-confirm" onClick={confirm} disabled={busy} aria-describedby="sq-reset-what">
          {busy ? say("switching") : say("confirmUse")}
        </button>
        <button type="button" class="quiet" onClick={cancel} disabled={busy}>
          {say("keepVersion", { version })}
        </button>
      </p>
      {error && (
        <p role="alert" class="problem">
          {error}
        </p>
      )}
    </fieldset>
  );
}
