import { useEffect, useRef } from "preact/hooks";

/**
 * While `unsaved`, closing or reloading the tab makes the browser ask first (edits kept in sessionStorage
 * would still go with a closed tab). One listener reading the latest render's answer, so there is no
 * moment after an edit when it is not yet listening.
 */
export function useLeaveGuard(unsaved: boolean): void {
  const unsavedNow = useRef(unsaved);
  unsavedNow.current = unsaved;
  useEffect(() => {
    const ask = (e: BeforeUnloadEvent) => {
      if (unsavedNow.current) e.preventDefault();
    };
    addEventListener("beforeunload", ask);
    return () => removeEventListener("beforeunload", ask);
  }, []);
}
