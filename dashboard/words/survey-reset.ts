// The survey editor's "Use the built-in survey" action and its confirmation step (survey-reset.tsx).
export const surveyResetWords = {
  resetDone: "The built-in survey is asked again. Version {version} stays in the history with the answers given to it.",
  resetUnchanged: "The built-in survey was already asked: nothing changed.",
  useBuiltIn: "Use the built-in survey",
  confirmTitle: "Use the built-in {placement} survey instead of version {version}?",
  confirmWhat:
    "Shoppers will be asked the product's own survey again, worded in every language the widget speaks. Version {version} stays in the history with the answers given to it, and a shopper who already has it on screen can still answer it. Changes not saved here are discarded. You can publish your own survey again at any time.",
  switching: "Switching…",
  confirmUse: "Yes, use the built-in survey",
  keepVersion: "Keep version {version}",
};
