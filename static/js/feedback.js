// Quick replies on a task's page for the supervisor: a tap puts the words in the feedback field,
// where they can still be changed before "Feedback versturen". Without scripts the field works
// as it is and the quick replies stay hidden.
const replies = document.querySelector("[data-quick-replies]");
const field = document.querySelector("textarea[name='text']");
if (replies && field) {
  replies.hidden = false;
  for (const button of replies.querySelectorAll("[data-reply]")) {
    button.addEventListener("click", () => {
      field.value = button.dataset.reply;
      field.focus();
      field.setSelectionRange(field.value.length, field.value.length);
    });
  }
}
