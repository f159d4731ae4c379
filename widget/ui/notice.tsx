/** A calm, centred message in place of a view: an error (announced as an alert) or "not available yet". */
export function Notice(props: { message: string; alert?: boolean; action?: string; onAction?: () => void }) {
  return (
    <div class="notice card" role={props.alert ? "alert" : undefined}>
      <p>{props.message}</p>
      {props.action && props.onAction && (
        <button type="button" class="btn quiet" onClick={props.onAction}>
          {props.action}
        </button>
      )}
    </div>
  );
}
