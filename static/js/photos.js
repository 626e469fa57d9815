// Photos with a practice task. Loaded only when the learner picks a photo (card.js), so a first
// visit does not pay for it; the offline download keeps it on the phone for use without internet.
//
// Each photo is made smaller on the phone before it is kept: at most 1600 px on its longest side,
// a JPEG of about 80% quality, 300 KB or less. Drawing it on a canvas leaves its EXIF data (GPS
// position, camera) behind. Before a photo is added, the phone's free space is checked: a photo
// that would not fit is refused with a plain message, never lost later.
import { t } from "./text.js";

const MAX_PHOTOS = 3;
const LONGEST_SIDE = 1600;
const TARGET_BYTES = 300 * 1024;
const QUALITIES = [0.8, 0.7, 0.6, 0.5];
// Room kept free for the rest of the app (lessons, other tasks) when a photo is added.
const ROOM_MARGIN_BYTES = 5 * 1024 * 1024;

const chosen = new WeakMap(); // form -> [{ blob, sha256, url }]
const adding = new WeakMap(); // form -> photos still being made smaller and checked

/** The picture, upright: createImageBitmap applies the EXIF orientation ("from-image"). */
async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (error) { /* an older browser: the <img> way below */ }
  }
  const image = new Image();
  image.src = URL.createObjectURL(file);
  try {
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(image.src);
  }
}

function jpeg(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

/** A smaller JPEG of the photo, without its metadata. */
export async function shrink(file) {
  const source = await decode(file);
  const width = source.naturalWidth || source.width;
  const height = source.naturalHeight || source.height;
  if (!width || !height) throw new Error("not a picture");
  const factor = Math.min(1, LONGEST_SIDE / Math.max(width, height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width * factor));
  canvas.height = Math.max(1, Math.round(height * factor));
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff"; // a transparent picture gets white, not black
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  if (typeof source.close === "function") source.close();
  let blob = null;
  for (const quality of QUALITIES) {
    blob = await jpeg(canvas, quality);
    if (blob && blob.size <= TARGET_BYTES) break;
  }
  if (!blob) throw new Error("cannot encode");
  return blob;
}

/** The SHA-256 of the bytes, in hex: the photo's identity when it is sent (again). */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Room on the phone for `bytes` more, with a margin; true when the browser does not tell. */
async function roomFor(bytes) {
  if (!navigator.storage || typeof navigator.storage.estimate !== "function") return true;
  try {
    const { quota, usage } = await navigator.storage.estimate();
    if (!quota) return true;
    return quota - (usage || 0) >= bytes + ROOM_MARGIN_BYTES;
  } catch (error) {
    return true;
  }
}

function parts(form) {
  return {
    list: form.querySelector("[data-photo-list]"),
    error: form.querySelector("[data-photo-error]"),
    busy: form.querySelector("[data-photo-busy]"),
    buttons: form.querySelector("[data-photo-buttons]"),
  };
}

function say(form, text) {
  const { error } = parts(form);
  error.textContent = text;
  error.hidden = !text;
}

function render(form) {
  const photos = chosen.get(form) || [];
  const { list, buttons } = parts(form);
  list.replaceChildren(...photos.map((photo, index) => {
    const item = document.createElement("li");
    const image = document.createElement("img");
    image.src = photo.url;
    image.alt = t("photo_alt", { number: index + 1 });
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button-quiet";
    remove.textContent = t("photo_remove", { number: index + 1 });
    remove.addEventListener("click", () => {
      URL.revokeObjectURL(photo.url);
      chosen.set(form, photos.filter((other) => other !== photo));
      say(form, "");
      render(form);
      form.querySelector("[data-photo-input]").closest("label").focus();
    });
    item.append(image, remove);
    return item;
  }));
  buttons.hidden = photos.length >= MAX_PHOTOS;
}

/** Add the picked files to the task's photos, each made smaller; says why one cannot be added.
 *  Picks are handled one after another, and saving the task waits for them (photosOf). */
export function addFiles(form, files) {
  const run = (adding.get(form) || Promise.resolve()).then(() => add(form, files));
  adding.set(form, run.catch(() => {}));
  return run;
}

async function add(form, files) {
  const { busy } = parts(form);
  say(form, "");
  for (const file of files) {
    const photos = chosen.get(form) || [];
    if (photos.length >= MAX_PHOTOS) {
      say(form, t("photo_max"));
      break;
    }
    busy.hidden = false;
    try {
      const blob = await shrink(file);
      const kept = photos.reduce((sum, photo) => sum + photo.blob.size, 0);
      if (!(await roomFor(kept + blob.size))) {
        say(form, t("photo_no_room"));
        break;
      }
      photos.push({ blob, sha256: await sha256Hex(blob), url: URL.createObjectURL(blob) });
      chosen.set(form, photos);
    } catch (error) {
      say(form, t("photo_unreadable"));
    } finally {
      busy.hidden = true;
    }
    render(form);
  }
}

/** The task's photos as the outbox keeps them, once the photos being added are ready. */
export async function photosOf(form) {
  await adding.get(form);
  return (chosen.get(form) || []).map(({ blob, sha256 }) => ({ blob, sha256 }));
}

/** After saving: the photos are in the outbox now, the form starts empty. */
export function clear(form) {
  for (const photo of chosen.get(form) || []) URL.revokeObjectURL(photo.url);
  chosen.delete(form);
  say(form, "");
  render(form);
}
