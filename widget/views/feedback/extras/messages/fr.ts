import type { ExtrasMessages } from "../messages.ts";

/** French (vous). */
export const fr: ExtrasMessages = {
  sign: "Signer mes avis avec",
  signName: "Mon prénom et l’initiale de mon nom",
  signAnonymous: "Anonyme",
  photos: "Photos (facultatif, jusqu’à 3)",
  photo: "Photo {n}",
  remove: "Retirer",
  removeNamed: "Retirer {name}",
  notImage: "{name} n’est pas une photo JPEG, PNG ou WebP.",
  tooLarge: "{name} dépasse 5 Mo.",
  tooMany: "3 photos au maximum par article.",
  uploading: "Ajout de vos photos…",
  notUploaded: "Vos avis sont enregistrés, mais {name} n’a pas pu être ajoutée. Veuillez réessayer.",
  notRemoved: "Cette photo n’a pas pu être retirée. Veuillez réessayer.",
};
