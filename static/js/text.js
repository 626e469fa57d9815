// The UI words for scripts, translated on the server (app/learner/client_text.py).
const element = document.getElementById("leerplek-text");
const texts = element ? JSON.parse(element.textContent) : {};

function fill(text, values) {
  return String(text).replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

/** A text by key, with {name} placeholders filled in. */
export function t(key, values = {}) {
  let value = texts[key];
  if (Array.isArray(value)) value = value[1];
  return fill(value ?? key, values);
}

/** A text with a number: the "one" form for exactly 1, else the "other" form; {n} is the number. */
export function plural(key, n, values = {}) {
  const [one, other] = texts[key] || [key, key];
  return fill(n === 1 ? one : other, { n: String(n), ...values });
}
