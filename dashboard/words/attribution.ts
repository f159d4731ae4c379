/** "How customers heard about you" on the figures screen (dashboard/attribution.tsx). */
export const attributionWords = {
  channelSearch: "Search engine",
  channelInstagram: "Instagram",
  channelTiktok: "TikTok",
  channelFacebook: "Facebook",
  channelYoutube: "YouTube",
  channelPodcast: "Podcast",
  channelFriendFamily: "Friend or family",
  channelInfluencer: "Influencer",
  channelEmail: "Email",
  channelTvRadio: "TV or radio",
  channelOther: "Other",
  noRevenue: "–",
  revenueSeparator: " + ",
  heading: "How customers heard about you",
  loading: "Loading…",
  noAnswers:
    "No answers in this period yet. Ask “How did you hear about us?” on the thank-you page survey (Surveys screen) to see which channels bring customers.",
  noAnswersWithOrdersOne:
    "No answers in this period yet ({orders} order placed). Ask “How did you hear about us?” on the thank-you page survey (Surveys screen) to see which channels bring customers.",
  noAnswersWithOrdersOther:
    "No answers in this period yet ({orders} orders placed). Ask “How did you hear about us?” on the thank-you page survey (Surveys screen) to see which channels bring customers.",
  // After <strong>{answered}</strong>, then around <span>{rate}</span>.
  answeredOfOne: " of {orders} order answered (",
  answeredOfOther: " of {orders} orders answered (",
  answerRate: " answer rate).",
  byChannel: "Orders by channel",
  byChannelCaption: "Orders by the channel the shopper named",
  channel: "Channel",
  orders: "Orders",
  shareOfAnswers: "Share of answers",
  revenue: "Revenue",
  firstOrders: "First orders",
  otherHeading: "“Other”, in the shoppers' words",
  timesCount: "× {count}",
};
