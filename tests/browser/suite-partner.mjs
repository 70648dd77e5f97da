// Browser checks of the partner portal, admin console and channel-partner pages (partner programme), run by run.mjs in the same
// browser and server as the rest. register(test, helpers) adds them.
export function register(test, h) {
}
