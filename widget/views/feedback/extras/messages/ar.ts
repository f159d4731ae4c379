import type { ExtrasMessages } from "../messages.ts";

/** Arabic (Modern Standard Arabic), read right to left. */
export const ar: ExtrasMessages = {
  sign: "توقيع مراجعاتي باسم",
  signName: "اسمي الأول والحرف الأول من اسم العائلة",
  signAnonymous: "مجهول الاسم",
  photos: "صور (اختياري، حتى 3)",
  photo: "الصورة {n}",
  remove: "إزالة",
  removeNamed: "إزالة {name}",
  notImage: "{name} ليست صورة بصيغة JPEG أو PNG أو WebP.",
  tooLarge: "حجم {name} أكبر من 5 ميغابايت.",
  tooMany: "حتى 3 صور لكل منتج.",
  uploading: "جارٍ إضافة صورك…",
  notUploaded: "تم حفظ مراجعاتك، لكن تعذّرت إضافة {name}. يُرجى المحاولة مرة أخرى.",
  notRemoved: "تعذّرت إزالة الصورة. يُرجى المحاولة مرة أخرى.",
};
