/** People: inviting a colleague with a one-time sign-in link and the role they get (dashboard/people.tsx). */
export const peopleWords = {
  ownerName: "Owner",
  ownerAbout: "everything, settings, keys and erasure included",
  analystName: "Analyst",
  analystAbout: "read-only figures and exports",
  supportName: "Support",
  supportAbout: "orders, alerts and finding shoppers; no settings, no erasure",
  title: "Invite a colleague",
  about: "A sign-in link works once, within 15 minutes, and opens a 12-hour session with the role you choose. Send it to them privately.",
  linkMade: "Sign-in link for {person} ({role}), works once until {until}",
  aColleague: "a colleague",
  theirName: "Their name",
  theirNameHint: "how the audit log will name them",
  role: "Role",
  makeLink: "Make sign-in link",
};
