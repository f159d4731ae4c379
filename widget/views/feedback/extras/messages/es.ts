import type { ExtrasMessages } from "../messages.ts";

/** Spanish (usted). */
export const es: ExtrasMessages = {
  sign: "Firmar mis opiniones con",
  signName: "Mi nombre y la inicial de mi apellido",
  signAnonymous: "Anónimo",
  photos: "Fotos (opcional, hasta 3)",
  photo: "Foto {n}",
  remove: "Quitar",
  removeNamed: "Quitar {name}",
  notImage: "{name} no es una foto JPEG, PNG o WebP.",
  tooLarge: "{name} supera los 5 MB.",
  tooMany: "Hasta 3 fotos por artículo.",
  uploading: "Añadiendo sus fotos…",
  notUploaded: "Sus opiniones se han guardado, pero no se ha podido añadir {name}. Inténtelo de nuevo.",
  notRemoved: "No se ha podido quitar la foto. Inténtelo de nuevo.",
};
