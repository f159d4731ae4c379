/**
 * The loader's own words, said before any catalogue can arrive: what the skeleton tells assistive tech
 * while a view loads, and what shows if the view's code cannot be fetched. In doorstep.js itself (the
 * catalogues are in the views module, which is exactly what may be missing), so kept to two short
 * strings per language the views speak; other languages read English.
 */
export const LOADER_TEXT: Record<string, [loading: string, failed: string]> = {
  en: ["Loading…", "This couldn't be loaded. Please refresh the page."],
  de: ["Wird geladen…", "Laden fehlgeschlagen. Bitte laden Sie die Seite neu."],
  fr: ["Chargement…", "Échec du chargement. Veuillez actualiser la page."],
  es: ["Cargando…", "Error al cargar. Actualice la página."],
  ar: ["جارٍ التحميل…", "تعذّر التحميل. يُرجى تحديث الصفحة."],
};
