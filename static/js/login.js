// Before someone logs in on this phone, the lessons stored for whoever used it before go: the
// service worker shows stored pages at once, and must never show one learner's pages to the
// next. Tasks waiting in the outbox stay; they are sent when their own learner logs in again.
import { clearOfflineContent } from "./offline-content.js";

clearOfflineContent();
