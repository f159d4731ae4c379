import type { ApiError } from "../api.ts";
import type { I18n } from "../i18n/index.ts";
import { Notice } from "./notice.tsx";

/** The shopper's words for what went wrong; a retry only where waiting could help. */
export function ErrorNotice({ i18n, error, retry }: { i18n: I18n; error: ApiError; retry(): void }) {
  const key = error.code === "no_token" ? "errorNoToken" : error.status === 404 || error.status === 400 ? "errorNotFound" : undefined;
  return <Notice alert message={i18n.t(key ?? "errorUnavailable")} action={key ? undefined : i18n.t("retry")} onAction={retry} />;
}
