// The merchant's own code for the SurveyJS page: Doorstep's three questions as a SurveyJS model, one
// question per page (rating 1–5; what stood out, with "Something else" revealing a text box; what they
// would like from the shop), rendered into the page's container.
const survey = new Survey.Model({
  showQuestionNumbers: "off",
  pages: [
    {
      elements: [
        {
          type: "rating",
          name: "rating",
          title: "How was your experience overall?",
          isRequired: true,
          rateValues: [
            { value: 1, text: "1 · Very poor" },
            { value: 2, text: "2 · Poor" },
            { value: 3, text: "3 · Okay" },
            { value: 4, text: "4 · Good" },
            { value: 5, text: "5 · Excellent" },
          ],
        },
      ],
    },
    {
      elements: [
        {
          type: "radiogroup",
          name: "standout",
          title: "What stood out?",
          isRequired: true,
          choices: ["Delivery speed", "Packaging", "Product quality", "Price", "Customer support", "Website"],
          showOtherItem: true,
          otherText: "Something else",
        },
      ],
    },
    {
      elements: [
        {
          type: "radiogroup",
          name: "wants",
          title: "Would you like anything from us?",
          isRequired: true,
          choices: ["A tip for using it", "A promotion", "A product demo", "No, thanks"],
        },
      ],
    },
  ],
  completedHtml: "<p>Thank you! Your answers help us get better.</p>",
});
survey.render(document.getElementById("surveyjs-survey"));
