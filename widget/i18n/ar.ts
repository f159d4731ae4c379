import type { Messages } from "./en.ts";

/**
 * Arabic (Modern Standard Arabic), read right to left. Plurals: Intl names six categories for Arabic;
 * "one" reads `returnsDaysOne` and every other count `returnsDaysOther`, so both are worded to suit
 * any number ("until day {count}"), as is every other count ("days since…: {days}").
 */
export const ar: Messages = {
  thanks: "شكرًا لك، تم تأكيد طلبك",
  orderNumber: "الطلب {number}",
  placedOn: "تاريخ الطلب: {date}",
  statusButton: "عرض حالة الطلب",
  delivery: "موعد التوصيل المتوقع",
  items: "منتجاتك",
  quantity: "الكمية: {count}",
  subtotal: "المجموع الفرعي",
  total: "الإجمالي",
  free: "مجانًا",
  feelQuestion: "كيف كانت تجربة إتمام الطلب؟",
  feelEasy: "سهلة",
  feelOkay: "مقبولة",
  feelHard: "صعبة",
  feelThanks: "شكرًا لمشاركتنا رأيك!",
  returns: "الإرجاع",
  returnsUntil: "يُقبل الإرجاع حتى {date}",
  returnsDaysOne: "يُقبل الإرجاع حتى اليوم {count} بعد التوصيل",
  returnsDaysOther: "يُقبل الإرجاع حتى اليوم {count} بعد التوصيل",
  returnsNone: "لا يمكن إرجاع هذا الطلب.",
  returnsStart: "بدء طلب إرجاع",
  help: "هل تحتاج إلى مساعدة؟",
  helpEmail: "راسلنا على {email}",
  helpPhone: "اتصل بنا على {phone}",
  helpCentre: "زيارة مركز المساعدة",
  errorNotFound: "لم نتمكن من العثور على هذا الطلب. يُرجى التحقق من الرابط في رسالة التأكيد الإلكترونية.",
  errorNoToken: "لا يوجد طلب لعرضه هنا. يُرجى فتح الرابط الوارد في رسالة التأكيد الإلكترونية.",
  errorUnavailable: "تعذّر تحميل طلبك الآن. يُرجى المحاولة مرة أخرى بعد قليل.",
  retry: "إعادة المحاولة",
  offersTitle: "اخترناها لك",
  offerSupport: "الحصول على مساعدة بشأن طلبك",
  o_co_purchase: "غالبًا ما يُشترى مع {item}",
  o_pairs_with: "يتناسب جيدًا مع {item}",
  o_replenish_due: "حان وقت إعادة الشراء، عدد الأيام منذ طلبك الأخير: {days}",
  o_reorder_window: "هل تحتاج إلى {item} مرة أخرى؟",
  o_upsell_family: "خطوة أعلى من {item}",
  o_how_to: "استفد أكثر من {item}",
  o_detractor_support: "نأسف لأن الأمر لم يكن على ما يرام. أخبرنا بما حدث وسنعمل على إصلاحه.",
  unknownView: "لم يُضبط هذا الجزء من الصفحة بشكل صحيح.",
};
