// The outbox for pages. The logic lives in outbox-core.js, which the service worker shares.
import "./outbox-core.js";

export const outbox = self.LeerplekOutbox;
