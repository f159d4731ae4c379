import type { ExtrasMessages } from "../messages.ts";

/** German (Sie-Form). */
export const de: ExtrasMessages = {
  sign: "Meine Bewertungen zeichnen mit",
  signName: "Vorname und Anfangsbuchstabe des Nachnamens",
  signAnonymous: "Anonym",
  photos: "Fotos (optional, bis zu 3)",
  photo: "Foto {n}",
  remove: "Entfernen",
  removeNamed: "{name} entfernen",
  notImage: "{name} ist kein JPEG-, PNG- oder WebP-Foto.",
  tooLarge: "{name} ist größer als 5 MB.",
  tooMany: "Bis zu 3 Fotos pro Artikel.",
  uploading: "Ihre Fotos werden hinzugefügt…",
  notUploaded: "Ihre Bewertungen sind gespeichert, aber {name} konnte nicht hinzugefügt werden. Bitte versuchen Sie es erneut.",
  notRemoved: "Das Foto konnte nicht entfernt werden. Bitte versuchen Sie es erneut.",
};
