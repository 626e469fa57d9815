// The UI words for scripts, translated on the server (app/learner/client_text.py).
const element = document.getElementById("leerplek-text");
const texts = element ? JSON.parse(element.textContent) : {};

/** A text by key, with {name} placeholders filled in. */
export function t(key, values = {}) {
  let value = texts[key];
  if (Array.isArray(value)) value = value[1];
  return String(value ?? key).replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));
}

/** A text with a number: the "one" form for exactly 1, else the "other" form. */
export function plural(key, n) {
  const [one, other] = texts[key] || [key, key];
  return (n === 1 ? one : other).replace("{n}", String(n));
}
