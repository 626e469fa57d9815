// Done marks and "x van y taken gedaan" that count what the learner did on this phone.
//
// A stored page shows what the server knew when the page was fetched. A task done since then may
// wait in the outbox, or be sent but not yet in the offline manifest. So a task counts as done
// when the page, the stored manifest or the outbox says so; it is "waiting" while only the outbox
// has it unsent. Works the same offline: all three live on the phone.
import { plural } from "./text.js";

function ids(text) {
  return (text || "").split(/\s+/).filter(Boolean).map(Number);
}

const doneOnPage = ids(document.body.dataset.doneTasks);

/** items: this learner's outbox items; serverDone: task ids done per the stored manifest. */
export function showProgress(items, serverDone) {
  const known = new Set([...doneOnPage, ...serverDone]);
  for (const item of items) if (item.status === "sent") known.add(item.task_id);
  const waiting = new Set(
    items.filter((item) => (item.status === "pending" || item.status === "stuck") && !known.has(item.task_id))
      .map((item) => item.task_id),
  );
  const isDone = (id) => known.has(id) || waiting.has(id);

  for (const element of document.querySelectorAll("[data-progress]")) {
    const tasks = ids(element.dataset.tasks);
    const count = tasks.filter(isDone).length;
    element.querySelector("progress").value = count;
    element.querySelector("[data-progress-text]").textContent = plural("progress", tasks.length, { done: count, total: tasks.length });
  }
  for (const badge of document.querySelectorAll("[data-card-done]")) {
    const tasks = ids(badge.dataset.tasks);
    badge.hidden = !(tasks.length && tasks.every(isDone));
  }
  for (const mark of document.querySelectorAll("[data-task-done]")) {
    const id = Number(mark.dataset.taskDone);
    mark.hidden = !isDone(id);
    mark.querySelector("[data-done-text]").hidden = waiting.has(id);
    mark.querySelector("[data-waiting-text]").hidden = !waiting.has(id);
  }
}
